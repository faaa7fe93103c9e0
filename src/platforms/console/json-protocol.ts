import { z } from "zod";
import type { Inbound, Origin, Reply } from "../../app/types.js";
import { localFile } from "./card-path.js";

const base = {
  user: z.string().min(1, "user is required").max(200),
  userName: z.string().max(200).optional(),
  channel: z.string().min(1, "channel is required").max(200),
  thread: z.string().min(1).max(200).optional(),
  server: z.string().min(1).max(200).optional(),
  /** Role ids, to try the role lists as on Discord. */
  roles: z.array(z.string().min(1).max(200)).max(250).optional(),
  /** A direct message, to try VSBOT_ALLOW_DMS. */
  direct: z.boolean().optional(),
  /** Echoed on the output line, so scripts can match replies to requests. */
  ref: z.union([z.string().max(200), z.number()]).optional(),
};

const inboundLine = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("command"),
    ...base,
    name: z.string().min(1, "name is required").max(64),
    subcommand: z.string().min(1).max(64).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    text: z.string().max(4000).optional(),
  }),
  z.object({
    type: z.literal("button"),
    ...base,
    id: z.string().min(1, "id is required").max(200),
  }),
  z.object({ type: z.literal("message"), ...base, text: z.string().max(20_000) }),
]);

export type InboundLine = z.infer<typeof inboundLine>;

export type LineParse =
  | { readonly ok: true; readonly line: InboundLine; readonly event: Inbound }
  | { readonly ok: false; readonly message: string; readonly ref?: string | number };

/** Reads one input line of `vsbot console --json`; never throws. */
export function parseInboundLine(text: string): LineParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "Input line is not valid JSON." };
  }
  const parsed = inboundLine.safeParse(json);
  if (!parsed.success) {
    const ref = (json as { ref?: unknown } | null)?.ref;
    const details = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`)
      .join("; ");
    return {
      ok: false,
      message: `Input line is not a valid event (${details}). Expected {"type":"command"|"button"|"message", "user", "channel", ...}.`,
      ...(typeof ref === "string" || typeof ref === "number" ? { ref } : {}),
    };
  }
  const line = parsed.data;
  const origin: Origin = {
    platform: "console",
    user: line.user,
    ...(line.userName ? { userName: line.userName } : {}),
    ...(line.server ? { server: line.server } : {}),
    channel: line.channel,
    ...(line.thread ? { thread: line.thread } : {}),
    ...(line.roles ? { roles: line.roles } : {}),
    ...(line.direct ? { direct: true } : {}),
    canManage: true,
  };
  let event: Inbound;
  if (line.type === "command") {
    event = {
      type: "command",
      origin,
      name: line.name,
      ...(line.subcommand ? { subcommand: line.subcommand } : {}),
      ...(line.options ? { options: withLocalFiles(line.options) } : {}),
      ...(line.text !== undefined ? { text: line.text } : {}),
    };
  } else if (line.type === "button") {
    event = { type: "button", origin, id: line.id };
  } else {
    event = { type: "message", origin, text: line.text };
  }
  return { ok: true, line, event };
}

/** The text a JSON consumer reads: the body, plus the demo notice when the demo answers. */
export function replyText(reply: Reply): string {
  return reply.meta.notice ? `${reply.body}\n\n${reply.meta.notice}` : reply.body;
}

export function replyLine(reply: Reply, line: InboundLine): Record<string, unknown> {
  return {
    type: "reply",
    channel: line.channel,
    ...(line.thread ? { thread: line.thread } : {}),
    ...(line.ref !== undefined ? { ref: line.ref } : {}),
    text: replyText(reply),
    buttons: reply.buttons.map((button) => ({ id: button.id, label: button.label })),
    ...(reply.private ? { private: true } : {}),
    meta: { ...reply.meta, kind: reply.kind },
  };
}

export function errorLine(
  message: string,
  code: string,
  ref?: string | number,
): Record<string, unknown> {
  return { type: "error", message, code, ...(ref !== undefined ? { ref } : {}) };
}

/** The console has no attachments: a `card` option given as a string is a path on disk. */
function withLocalFiles(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { card } = options;
  return typeof card === "string" ? { ...options, card: localFile(card) } : { ...options };
}
