import { z } from "zod";

/**
 * The parts of an interaction vsbot reads, checked at the edge. A body Discord would never
 * send (no data on a command, a custom_id that is not a string, options that are not a list)
 * fails here with a message, before any handler sees it.
 */
const snowflake = z.string().regex(/^\d{1,25}$/, "must be a snowflake");
const name = z.string().min(1).max(100);

const user = z.object({
  id: snowflake,
  username: z.string().max(100),
  global_name: z.string().max(100).nullish(),
});

const member = z.object({
  user: user.optional(),
  nick: z.string().max(100).nullish(),
  /** Role ids, for the access lists. */
  roles: z.array(snowflake).max(500).optional(),
  /** The member's permissions in this channel, as a decimal bitfield. */
  permissions: z
    .string()
    .regex(/^\d{1,40}$/)
    .optional(),
});

const optionValue = z.union([z.string().max(6000), z.number().finite(), z.boolean()]);
const valueOption = z.object({ name, type: z.number().int(), value: optionValue.optional() });
const subcommandOption = z.object({
  name,
  type: z.literal(1),
  options: z.array(valueOption).max(25).optional(),
});
const groupOption = z.object({
  name,
  type: z.literal(2),
  options: z.array(subcommandOption).max(25).optional(),
});
const commandOption = z.union([subcommandOption, groupOption, valueOption]);

const common = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(1000),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  /** A thread's parent_id is the channel it belongs to (a text channel's is its category). */
  channel: z
    .object({ id: snowflake, type: z.number().int(), parent_id: snowflake.nullish() })
    .optional(),
  member: member.optional(),
  user: user.optional(),
};

/** An attached file, as `resolved.attachments` describes it (an attachment option's value is its id). */
const attachment = z.object({
  id: snowflake,
  filename: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  url: z.string().max(4096),
  content_type: z.string().max(200).optional(),
});

export const commandInteraction = z.object({
  ...common,
  type: z.literal(2),
  data: z.object({
    /** 1 is a slash command; context-menu commands have others. */
    type: z.number().int(),
    name,
    options: z.array(commandOption).max(25).optional(),
    resolved: z.object({ attachments: z.record(snowflake, attachment).optional() }).optional(),
  }),
});

export const componentInteraction = z.object({
  ...common,
  type: z.literal(3),
  data: z.object({
    component_type: z.number().int(),
    custom_id: z.string().min(1).max(100),
  }),
});

export type CommandInteraction = z.infer<typeof commandInteraction>;
export type ComponentInteraction = z.infer<typeof componentInteraction>;
export type CommandOption = z.infer<typeof commandOption>;
export type ValueOption = z.infer<typeof valueOption>;
export type InteractionPayload = CommandInteraction | ComponentInteraction;

const envelope = z.object({ type: z.number().int(), id: snowflake.optional() });

export type PayloadCheck =
  | { readonly kind: "ping" }
  | { readonly kind: "interaction"; readonly interaction: InteractionPayload }
  /** Well formed, but of a type vsbot does not handle (autocomplete, modals...). */
  | { readonly kind: "unsupported"; readonly type: number }
  | { readonly kind: "invalid"; readonly problem: string };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}

/** Checks a parsed JSON body (HTTP) or a gateway dispatch's data; never throws. */
export function checkInteraction(body: unknown): PayloadCheck {
  const head = envelope.safeParse(body);
  if (!head.success) return { kind: "invalid", problem: describe(head.error) };
  const { type } = head.data;
  if (type === 1) return { kind: "ping" };
  const schema = type === 2 ? commandInteraction : type === 3 ? componentInteraction : undefined;
  if (!schema) return { kind: "unsupported", type };
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { kind: "interaction", interaction: parsed.data }
    : { kind: "invalid", problem: describe(parsed.error) };
}
