import { z } from "zod";

const snowflake = z.string().regex(/^\d{1,25}$/, "must be a snowflake");

/** The parts of a gateway MESSAGE_CREATE that personas read, checked at the edge. */
export const messagePayload = z.object({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  type: z.number().int(),
  content: z.string().max(20_000),
  webhook_id: snowflake.optional(),
  author: z.object({
    id: snowflake,
    username: z.string().max(100),
    global_name: z.string().max(100).nullish(),
    bot: z.boolean().optional(),
  }),
  member: z
    .object({ nick: z.string().max(100).nullish(), roles: z.array(snowflake).max(500).optional() })
    .optional(),
  mentions: z.array(z.object({ id: snowflake })).max(200),
});

export type MessagePayload = z.infer<typeof messagePayload>;
