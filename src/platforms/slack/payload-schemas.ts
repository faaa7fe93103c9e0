import { parse as parseForm } from "node:querystring";
import { z } from "zod";
import { ACTION_ID_PATTERN } from "./action-ids.js";

/**
 * What Slack sends vsbot, checked before Bolt sees it. Bolt trusts a signed body's shape: a
 * signed `payload=null`, or an event whose `authorizations` holds a null, throws inside its
 * receiver. So each body is parsed here, and Bolt is handed only what the schema kept (the
 * fields vsbot and Bolt read, each of the right type), re-encoded: nothing else reaches it.
 */
const id = z.string().min(1).max(64);
const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/, "must be a Slack timestamp");
const name = z.string().max(200);
const url = z.url({ protocol: /^https?$/ }).max(2000);

export const slashCommandBody = z.object({
  token: z.string().max(200).optional(),
  command: z.string().regex(/^\/[\w-]{1,32}$/, "must be a slash command like /joke"),
  text: z.string().max(8000).default(""),
  user_id: id,
  user_name: name,
  team_id: id,
  team_domain: name.optional(),
  enterprise_id: id.optional(),
  enterprise_name: name.optional(),
  channel_id: id,
  channel_name: name.optional(),
  api_app_id: id.optional(),
  is_enterprise_install: z.enum(["true", "false"]).optional(),
  trigger_id: z.string().min(1).max(200),
  response_url: url,
});

const buttonAction = z.object({
  type: z.literal("button"),
  action_id: z.string().regex(ACTION_ID_PATTERN).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  action_ts: z.string().max(64),
  text: z.object({ type: z.string().max(32), text: z.string().max(200) }).optional(),
});

export const blockActionsBody = z.object({
  type: z.literal("block_actions"),
  token: z.string().max(200).optional(),
  api_app_id: id.optional(),
  user: z.object({
    id,
    username: name.optional(),
    name: name.optional(),
    team_id: id.optional(),
  }),
  trigger_id: z.string().min(1).max(200),
  team: z.object({ id, domain: name.optional(), enterprise_id: id.optional() }).nullish(),
  enterprise: z.object({ id, name: name.optional() }).nullish(),
  is_enterprise_install: z.boolean().optional(),
  // Bolt reads `channel.id` whenever `channel` is not undefined: a null goes as absent.
  channel: z
    .object({ id, name: name.optional() })
    .nullish()
    .transform((channel) => channel ?? undefined),
  container: z.object({
    type: z.string().max(64).optional(),
    message_ts: ts.optional(),
    thread_ts: ts.optional(),
    channel_id: id.optional(),
    is_ephemeral: z.boolean().optional(),
  }),
  message: z
    .object({
      type: z.string().max(64).optional(),
      ts,
      thread_ts: ts.optional(),
      user: id.optional(),
      bot_id: id.optional(),
      text: z.string().max(40_000).optional(),
    })
    .nullish(),
  response_url: url.optional(),
  actions: z.array(buttonAction).min(1).max(25),
});

const messageEvent = z.object({
  type: z.enum(["message", "app_mention"]),
  subtype: z.string().max(100).optional(),
  channel: id,
  channel_type: z.string().max(32).optional(),
  ts,
  event_ts: ts.optional(),
  thread_ts: ts.optional(),
  user: id.optional(),
  bot_id: id.optional(),
  team: id.optional(),
  text: z.string().max(40_000).optional(),
});

/** The assistant pane: a thread opened (or the user moved on to another channel). */
const assistantThreadEvent = z.object({
  type: z.enum(["assistant_thread_started", "assistant_thread_context_changed"]),
  assistant_thread: z.object({
    user_id: id,
    channel_id: id,
    thread_ts: ts,
    context: z
      .object({
        channel_id: id.optional(),
        team_id: id.optional(),
        enterprise_id: id.nullish(),
      })
      .optional(),
  }),
  event_ts: ts.optional(),
});

/** The event types vsbot listens to; others are acknowledged and dropped. */
const HANDLED_EVENTS: ReadonlySet<string> = new Set([
  "message",
  "app_mention",
  "assistant_thread_started",
  "assistant_thread_context_changed",
]);

export const eventCallbackBody = z.object({
  type: z.literal("event_callback"),
  token: z.string().max(200).optional(),
  team_id: id.optional(),
  api_app_id: id.optional(),
  enterprise_id: id.nullish(),
  event_id: z.string().max(100).optional(),
  event_time: z.number().int().nonnegative().optional(),
  event_context: z.string().max(2000).optional(),
  is_ext_shared_channel: z.boolean().optional(),
  authorizations: z
    .array(
      z.object({
        enterprise_id: id.nullish(),
        team_id: id.nullish(),
        user_id: id,
        is_bot: z.boolean(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .max(10)
    .optional(),
  event: z.union([messageEvent, assistantThreadEvent]),
});

export const urlVerificationBody = z.object({
  type: z.literal("url_verification"),
  token: z.string().max(200).optional(),
  challenge: z.string().min(1).max(500),
});

export const FORM_TYPE = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

/** Where a checked body goes: to Bolt (as re-encoded here), answered at once, or refused. */
export type BodyVerdict =
  | { readonly kind: "bolt"; readonly contentType: string; readonly body: string }
  | { readonly kind: "ignore" }
  | { readonly kind: "invalid"; readonly problem: string };

function problemOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}

type Encoding = "form" | "payload" | "json";

function encode(value: Record<string, unknown>, encoding: Encoding): BodyVerdict {
  if (encoding === "json")
    return { kind: "bolt", contentType: JSON_TYPE, body: JSON.stringify(value) };
  const form =
    encoding === "payload"
      ? new URLSearchParams({ payload: JSON.stringify(value) })
      : new URLSearchParams(value as Record<string, string>);
  return { kind: "bolt", contentType: FORM_TYPE, body: form.toString() };
}

function verdictOf(schema: z.ZodType, body: unknown, encoding: Encoding): BodyVerdict {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? encode(parsed.data as Record<string, unknown>, encoding)
    : { kind: "invalid", problem: problemOf(parsed.error) };
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
  return ours ? verdictOf(blockActionsBody, payload, "payload") : { kind: "ignore" };
}

/** An Events API body: message and assistant events go on, other types are acked and dropped. */
function checkJson(body: unknown): BodyVerdict {
  if (!isRecord(body) || typeof body.type !== "string") {
    return { kind: "invalid", problem: "body: must be a JSON object with a type" };
  }
  if (body.type === "url_verification") return verdictOf(urlVerificationBody, body, "json");
  if (body.type !== "event_callback") return { kind: "ignore" };
  const event = body.event;
  if (!isRecord(event) || typeof event.type !== "string") {
    return { kind: "invalid", problem: "event: must be an object with a type" };
  }
  if (!HANDLED_EVENTS.has(event.type)) return { kind: "ignore" };
  return verdictOf(eventCallbackBody, body, "json");
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
  if (contentType === FORM_TYPE) {
    const form = parseForm(raw);
    if (form.ssl_check === "1") return { kind: "ignore" };
    if ("payload" in form) {
      return typeof form.payload === "string"
        ? checkInteractive(parseJson(form.payload))
        : { kind: "invalid", problem: "payload: must appear once" };
    }
    return verdictOf(slashCommandBody, { ...form }, "form");
  }
  const body = parseJson(raw);
  return body === undefined ? { kind: "invalid", problem: "body: not JSON" } : checkJson(body);
}

/**
 * The same check for a body Bolt has already parsed (Socket Mode delivers them so): a slash
 * command, an interactive payload or an Events API body.
 */
export function checkParsedBody(body: unknown): BodyVerdict {
  if (isRecord(body) && typeof body.command === "string") {
    return verdictOf(slashCommandBody, body, "form");
  }
  if (isRecord(body) && body.type === "event_callback") return checkJson(body);
  return checkInteractive(body);
}
