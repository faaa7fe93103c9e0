import { z } from "zod";

const snowflake = z.string().regex(/^\d{1,25}$/, "must be a snowflake");

const author = z.object({
  id: snowflake,
  username: z.string().max(100),
  global_name: z.string().max(100).nullish(),
  bot: z.boolean().optional(),
  system: z.boolean().optional(),
});

/** A message as MESSAGE_CREATE and the REST API give it: the parts vsbot reads. */
const messageFields = {
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  type: z.number().int(),
  content: z.string().max(20_000),
  webhook_id: snowflake.optional(),
  /** Set on interaction responses and on messages of webhooks an application owns (personas). */
  application_id: snowflake.optional(),
  author,
  member: z
    .object({ nick: z.string().max(100).nullish(), roles: z.array(snowflake).max(500).optional() })
    .optional(),
  mentions: z
    .array(
      z.object({
        id: snowflake,
        username: z.string().max(100).optional(),
        global_name: z.string().max(100).nullish(),
      }),
    )
    .max(200),
  /** What a reply (type 0, the default) or a forward (type 1) points at. */
  message_reference: z
    .object({
      type: z.number().int().optional(),
      message_id: snowflake.optional(),
      channel_id: snowflake.optional(),
      guild_id: snowflake.optional(),
    })
    .optional(),
  /** For the response to a button click: the message whose button was clicked. */
  interaction_metadata: z
    .object({
      id: snowflake.optional(),
      type: z.number().int().optional(),
      interacted_message_id: snowflake.optional(),
    })
    .nullish(),
};

/** A message one level down: what a reply's `referenced_message` holds. */
export const referencedMessage = z.object(messageFields);

/**
 * A message, checked at the edge: MESSAGE_CREATE, or a message the REST API returned. A reply
 * carries the message it answers (`referenced_message`; null when that one was deleted).
 */
export const messagePayload = z.object({
  ...messageFields,
  referenced_message: referencedMessage.nullish(),
});

export type MessagePayload = z.infer<typeof messagePayload>;
export type ReferencedMessage = z.infer<typeof referencedMessage>;
