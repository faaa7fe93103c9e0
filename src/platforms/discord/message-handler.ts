import { MessageType } from "discord.js";
import type { ChatService } from "../../app/chat-service.js";
import { toVsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";
import { type InFlight, RESTART_NOTICE } from "../in-flight.js";
import type { ChannelMessenger } from "./channel-messenger.js";
import { reportFailure } from "./failure.js";
import type { MessagePayload } from "./message-payload.js";
import { messageOrigin } from "./origin.js";
import { renderNotice, renderReply } from "./render-reply.js";
import type { ThreadParents } from "./thread-parents.js";
import { keepTyping } from "./typing-indicator.js";

export interface MessageHandlerContext {
  readonly chat: ChatService;
  readonly messenger: ChannelMessenger;
  readonly logger: Logger;
  readonly inFlight: InFlight;
  /** The bot's own user id, known once the gateway is ready. */
  readonly botUserId: () => string | undefined;
  /**
   * Without the Message Content intent Discord sends text only for messages that mention the
   * bot, so personas then answer only mentions.
   */
  readonly mentionsOnly: boolean;
  readonly typingRenewMs?: number;
  /** Where threads belong, for the access lists; without it a thread has no parent. */
  readonly threadParents?: ThreadParents;
}

/** A refused person hears it by DM at most this often, however much they write. */
const REFUSAL_DM_EVERY_MS = 10 * 60_000;

const CONVERSATION_TYPES: ReadonlySet<MessageType> = new Set([
  MessageType.Default,
  MessageType.Reply,
]);

function mentionPattern(botUserId: string): RegExp {
  return new RegExp(`<@!?${botUserId}>`, "g");
}

/** The text a persona should read, or null when this message is not for a persona. */
function conversationText(
  message: MessagePayload,
  botUserId: string | undefined,
  mentionsOnly: boolean,
): string | null {
  if (message.author.bot || message.webhook_id || message.author.id === botUserId) return null;
  if (!CONVERSATION_TYPES.has(message.type)) return null;
  const mentioned =
    botUserId !== undefined && message.mentions.some((user) => user.id === botUserId);
  if (mentionsOnly && !mentioned) return null;
  const text = botUserId ? message.content.replace(mentionPattern(botUserId), "") : message.content;
  return text.trim().length > 0 ? text.trim() : null;
}

/**
 * Persona conversations on the gateway: a message in a channel or thread with an active
 * persona gets an in-character reply, with "typing…" shown while the model works.
 */
export function createMessageHandler(
  context: MessageHandlerContext,
): (message: MessagePayload) => Promise<void> {
  const { chat, messenger, logger } = context;
  const refusedUntil = new Map<string, number>();
  /** Channel messages cannot be answered privately, so a refusal goes by DM, now and then. */
  const refuseByDirectMessage = async (user: string, notice: string): Promise<void> => {
    const now = Date.now();
    if ((refusedUntil.get(user) ?? 0) > now) return;
    refusedUntil.set(user, now + REFUSAL_DM_EVERY_MS);
    for (const outgoing of renderNotice(notice)) {
      await messenger.sendDirect(user, outgoing).catch((error: unknown) => {
        logger.info("discord.refusal_not_delivered", { user, error });
      });
    }
  };
  return async (message) => {
    const text = conversationText(message, context.botUserId(), context.mentionsOnly);
    if (text === null) return;
    let origin = messageOrigin(message);
    try {
      // Only channels with a persona see "typing…"; the rest stay quiet.
      if (!(await chat.hasPersona(origin))) return;
    } catch (error) {
      logger.error("discord.persona_lookup_failed", { channel: origin.channel, error });
      return;
    }
    if (message.guild_id && context.threadParents) {
      origin = messageOrigin(message, await context.threadParents.parentOf(message.channel_id));
    }
    if (!chat.mayUse(origin)) {
      try {
        await chat.handle({ type: "message", origin, text });
      } catch (error) {
        const notice = reportFailure(error, logger, { message: message.id, inbound: "message" });
        if (toVsbotError(error).code === "access_denied") {
          await refuseByDirectMessage(origin.user, notice);
        }
      }
      return;
    }
    const stopTyping = keepTyping(messenger, origin.channel, logger, context.typingRenewMs);
    const entry = context.inFlight.begin();
    entry.notice = async () => {
      stopTyping();
      for (const outgoing of renderNotice(RESTART_NOTICE)) {
        await messenger.send(origin.channel, outgoing);
      }
    };
    try {
      const replies = await chat.handle({ type: "message", origin, text });
      stopTyping();
      for (const outgoing of replies.flatMap((reply) => renderReply(reply))) {
        await messenger.send(origin.channel, outgoing);
      }
    } catch (error) {
      stopTyping();
      const notice = reportFailure(error, logger, { message: message.id, inbound: "message" });
      for (const outgoing of renderNotice(notice)) {
        await messenger.send(origin.channel, outgoing).catch((sendError: unknown) => {
          logger.error("discord.error_not_delivered", { error: sendError });
        });
      }
    } finally {
      entry.end();
    }
  };
}
