import { type REST, Routes } from "discord.js";
import type { Logger } from "../../engine/ports.js";
import { type MessagePayload, messagePayload } from "./message-payload.js";

/** Reads earlier messages through the bot's REST client (it needs Read Message History). */
export interface MessageReader {
  /** One message, or null when it is gone or out of reach. */
  message(channelId: string, messageId: string): Promise<MessagePayload | null>;
  /** Up to `limit` (1-100) messages before `beforeId`; none when out of reach. */
  before(channelId: string, beforeId: string, limit: number): Promise<MessagePage>;
}

export interface MessagePage {
  /** Newest first, as Discord lists them; those that fail the schema are left out. */
  readonly messages: readonly MessagePayload[];
  /** Where the next page starts (the oldest id listed), when there may be one. */
  readonly next: string | undefined;
}

const NO_PAGE: MessagePage = { messages: [], next: undefined };

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === "string" && /^\d{1,25}$/.test(id) ? id : undefined;
}

/**
 * REST reads, each answer checked by the same schema as gateway messages: a message that does
 * not pass is left out, a failed request (deleted, no access) counts as none, so a conversation
 * is read as far as it can be.
 */
export function createRestReader(rest: REST, logger: Logger): MessageReader {
  return {
    message: async (channelId, messageId) => {
      try {
        const parsed = messagePayload.safeParse(
          await rest.get(Routes.channelMessage(channelId, messageId)),
        );
        return parsed.success ? parsed.data : null;
      } catch (error) {
        logger.debug("discord.message_unreadable", {
          channel: channelId,
          message: messageId,
          error,
        });
        return null;
      }
    },
    before: async (channelId, beforeId, limit) => {
      try {
        const page = await rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ before: beforeId, limit: String(limit) }),
        });
        if (!Array.isArray(page)) return NO_PAGE;
        const messages = page.flatMap((item: unknown) => {
          const parsed = messagePayload.safeParse(item);
          return parsed.success ? [parsed.data] : [];
        });
        return { messages, next: page.length >= limit ? idOf(page.at(-1)) : undefined };
      } catch (error) {
        logger.debug("discord.history_unreadable", { channel: channelId, error });
        return NO_PAGE;
      }
    },
  };
}
