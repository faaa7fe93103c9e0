import type { APIActionRowComponent, APIButtonComponentWithCustomId } from "discord.js";

/** Mentions in our messages never ping anyone: model output may contain `@everyone`. */
export const NO_MENTIONS = Object.freeze({ parse: [] as never[] });

/** Discord's flag for a message only the user who asked can see. */
export const EPHEMERAL = 64;

/** A message body as the REST API takes it, for channel messages, follow-ups and edits. */
export interface DiscordMessage {
  readonly content: string;
  readonly components: readonly APIActionRowComponent<APIButtonComponentWithCustomId>[];
  readonly allowed_mentions: typeof NO_MENTIONS;
  readonly flags?: number;
  /** Files uploaded with the message (a card export); sent as multipart by the REST client. */
  readonly files?: readonly DiscordFile[];
}

export interface DiscordFile {
  readonly name: string;
  readonly data: Buffer;
  readonly contentType?: string;
}

/**
 * Every body we send passes through here, so none leaves without `allowed_mentions` even if
 * a caller built it by hand.
 */
export function withoutMentions<Body extends object>(
  body: Body,
): Body & { allowed_mentions: typeof NO_MENTIONS } {
  return { ...body, allowed_mentions: NO_MENTIONS };
}
