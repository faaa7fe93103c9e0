import { parse as parseForm } from "node:querystring";
import { z } from "zod";
import { ACTION_ID_PATTERN } from "./action-ids.js";

/**
 * What Slack sends vsbot, checked before Bolt sees it: Bolt trusts a signed body's shape, and
 * a signed `payload=null` or an event without a channel would throw inside its receiver,
 * where nothing catches it. Unknown fields are allowed (Slack adds them); what vsbot reads
 * must be there with the right type.
 */
const id = z.string().min(1).max(64);
const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/, "must be a Slack timestamp");

export const slashCommandBody = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/, "must be a slash command like /joke"),
  text: z.string().max(8000).default(""),
  user_id: id,
  user_name: z.string().max(200),
  team_id: id,
  channel_id: id,
  trigger_id: z.string().min(1).max(200),
  response_url: z.url({ protocol: /^https?$/ }).max(2000),
});

const buttonAction = z.looseObject({
  type: z.literal("button"),
  action_id: z.string().regex(ACTION_ID_PATTERN).max(255),
  value: z.string().max(2000).optional(),
  action_ts: z.string().max(64),
});

export const blockActionsBody = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({
    id,
    username: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
    team_id: id.optional(),
  }),
  trigger_id: z.string().min(1).max(200),
  team: z.looseObject({ id }).nullish(),
  channel: z.looseObject({ id }).nullish(),
  container: z.looseObject({
    message_ts: ts.optional(),
    channel_id: id.optional(),
  }),
  message: z.looseObject({ ts, thread_ts: ts.optional() }).nullish(),
  response_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  actions: z.array(buttonAction).min(1).max(25),
});

const messageEvent = z.looseObject({
  type: z.enum(["message", "app_mention"]),
  subtype: z.string().max(100).optional(),
  channel: id,
  ts,
  thread_ts: ts.optional(),
  user: id.optional(),
  bot_id: id.optional(),
  team: id.optional(),
  text: z.string().max(40_000).optional(),
});

export const eventCallbackBody = z.looseObject({
  type: z.literal("event_callback"),
  team_id: id.optional(),
  event_id: z.string().max(100).optional(),
  event: messageEvent,
});

export const urlVerificationBody = z.looseObject({
  type: z.literal("url_verification"),
  challenge: z.string().min(1).max(500),
});

/** Where a checked body goes: to Bolt, answered here at once, or refused with a reason. */
export type BodyVerdict =
  | { readonly kind: "bolt" }
  | { readonly kind: "ignore" }
  | { readonly kind: "invalid"; readonly problem: string };

function problemOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}

function verdictOf(schema: z.ZodType, body: unknown): BodyVerdict {
  const parsed = schema.safeParse(body);
  return parsed.success ? { kind: "bolt" } : { kind: "invalid", problem: problemOf(parsed.error) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An interactive payload (`payload=<json>`): buttons of vsbot's go on, the rest is acked. */
function checkInteractive(payload: unknown): BodyVerdict {
  if (!isRecord(payload) || typeof payload.type !== "string") {
    return { kind: "invalid", problem: "payload: must be a JSON object with a type" };
  }
  if (payload.type !== "block_actions") return { kind: "ignore" };
  const actions = Array.isArray(payload.actions) ? payload.actions : [];
  const ours = actions.some(
    (action) =>
      isRecord(action) &&
      typeof action.action_id === "string" &&
      ACTION_ID_PATTERN.test(action.action_id),
  );
  return ours ? verdictOf(blockActionsBody, payload) : { kind: "ignore" };
}

/** An Events API body: message events go on, other event types are acked and dropped. */
function checkJson(body: unknown): BodyVerdict {
  if (!isRecord(body) || typeof body.type !== "string") {
    return { kind: "invalid", problem: "body: must be a JSON object with a type" };
  }
  if (body.type === "url_verification") return verdictOf(urlVerificationBody, body);
  if (body.type !== "event_callback") return { kind: "ignore" };
  const event = body.event;
  if (!isRecord(event) || typeof event.type !== "string") {
    return { kind: "invalid", problem: "event: must be an object with a type" };
  }
  if (event.type !== "message" && event.type !== "app_mention") return { kind: "ignore" };
  return verdictOf(eventCallbackBody, body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads and checks a signed request body exactly as Bolt will parse it (a form only for that
 * exact content type, JSON otherwise), so what passes here cannot surprise Bolt. Never throws.
 */
export function checkSlackBody(contentType: string | undefined, raw: string): BodyVerdict {
  if (contentType === "application/x-www-form-urlencoded") {
    const form = parseForm(raw);
    if (form.ssl_check === "1") return { kind: "ignore" };
    if ("payload" in form) {
      return typeof form.payload === "string"
        ? checkInteractive(parseJson(form.payload))
        : { kind: "invalid", problem: "payload: must appear once" };
    }
    return verdictOf(slashCommandBody, { ...form });
  }
  const body = parseJson(raw);
  return body === undefined ? { kind: "invalid", problem: "body: not JSON" } : checkJson(body);
}

/**
 * The same check for a body Bolt has already parsed (Socket Mode delivers them so): a slash
 * command, an interactive payload or an Events API body.
 */
export function checkParsedBody(body: unknown): BodyVerdict {
  if (isRecord(body) && typeof body.command === "string") return verdictOf(slashCommandBody, body);
  if (isRecord(body) && body.type === "event_callback") return checkJson(body);
  return checkInteractive(body);
}
