import { MessageType } from "discord.js";
import type { ChatService } from "../../app/chat-service.js";
import type { Inbound, Origin } from "../../app/types.js";
import { toVsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";
import { type InFlight, RESTART_NOTICE } from "../in-flight.js";
import type { ReplayGuard } from "../replay-guard.js";
import type { ChannelMessenger } from "./channel-messenger.js";
import { discordHistory } from "./conversation-history.js";
import type { DiscordMessage } from "./discord-message.js";
import { reportFailure } from "./failure.js";
import type { MessagePayload } from "./message-payload.js";
import type { MessageReader } from "./message-reader.js";
import { type BotIdentity, isFromBot, personText } from "./message-text.js";
import { messageOrigin } from "./origin.js";
import type { PersonaPoster } from "./persona-webhooks.js";
import { renderNotice } from "./render-reply.js";
import { sendReplies } from "./send-replies.js";
import type { ThreadParents } from "./thread-parents.js";
import { keepTyping } from "./typing-indicator.js";

export interface MessageHandlerContext {
  readonly chat: ChatService;
  readonly messenger: ChannelMessenger;
  readonly logger: Logger;
  readonly inFlight: InFlight;
  /** The bot's own user and application ids, known once the gateway is ready. */
  readonly bot: () => BotIdentity;
  /**
   * Without the Message Content intent Discord sends text only for messages that mention the
   * bot (and DMs), so personas then answer only mentions.
   */
  readonly mentionsOnly: boolean;
  /** Message ids already answered, here and by every instance sharing the store. */
  readonly replays: ReplayGuard;
  /** Earlier messages, for a chat reply's context. */
  readonly reader: MessageReader;
  readonly typingRenewMs?: number;
  /** Where threads belong, for the access lists; without it a thread has no parent. */
  readonly threadParents?: ThreadParents;
  /** Posts persona replies under their own name and avatar; without it, as the bot. */
  readonly personas?: PersonaPoster;
}

/** A refused person hears it by DM at most this often, however much they write. */
const REFUSAL_DM_EVERY_MS = 10 * 60_000;

/** A person's message; joins, pins, thread notices and the like are not. */
const CONVERSATION_TYPES: ReadonlySet<MessageType> = new Set([
  MessageType.Default,
  MessageType.Reply,
]);

/** What a message is to the bot, once it is known to be a person's with text. */
interface Incoming {
  readonly text: string;
  readonly mentioned: boolean;
  readonly direct: boolean;
  /** A mention, a reply to one of the bot's messages, or a DM. */
  readonly addressed: boolean;
}

/**
 * A person's message, read for the bot; null for the bot's own, other bots', webhooks',
 * system messages and messages without text (without the Message Content intent, Discord
 * sends the text only of messages that mention the bot, and of DMs).
 */
function readIncoming(message: MessagePayload, bot: BotIdentity): Incoming | null {
  const { author } = message;
  if (author.bot || author.system || message.webhook_id || isFromBot(message, bot)) return null;
  if (!CONVERSATION_TYPES.has(message.type)) return null;
  const text = personText(message, bot);
  if (text.length === 0) return null;
  const mentioned =
    bot.userId !== undefined && message.mentions.some((user) => user.id === bot.userId);
  const replied = message.referenced_message ? isFromBot(message.referenced_message, bot) : false;
  const direct = message.guild_id === undefined;
  return { text, mentioned, direct, addressed: mentioned || replied || direct };
}

async function answersHere(
  chat: ChatService,
  origin: Origin,
  incoming: Incoming,
  logger: Logger,
): Promise<boolean> {
  try {
    return await chat.personaAnswers(origin, incoming.text, incoming.addressed);
  } catch (error) {
    logger.error("discord.persona_lookup_failed", { channel: origin.channel, error });
    return false;
  }
}

/**
 * Messages on the gateway, one path for all: where a persona is active it answers; a mention
 * of the bot, a reply to one of its messages or a DM gets a chat reply (as a Discord reply,
 * with the reply chain and, in threads and DMs, the recent messages as context); the rest get
 * nothing. "typing…" shows while the model works. Each message is answered once, by one
 * instance.
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
  /** Sends in order; for a chat reply each part answers the one before, so the chain reads on. */
  const sendAll = async (
    channelId: string,
    outgoing: readonly DiscordMessage[],
    replyTo: string | undefined,
  ): Promise<void> => {
    let previous = replyTo;
    for (const message of outgoing) {
      const sent = await messenger.send(channelId, message, previous ? { replyTo: previous } : {});
      if (previous) previous = sent.id;
    }
  };
  return async (message) => {
    const bot = context.bot();
    const incoming = readIncoming(message, bot);
    if (incoming === null) return;
    let origin = messageOrigin(message);
    let persona: boolean;
    try {
      persona = await chat.hasPersona(origin);
    } catch (error) {
      logger.error("discord.persona_lookup_failed", { channel: origin.channel, error });
      return;
    }
    // Without the intent, only mentions (and DMs, whose text always comes) reach a persona.
    const personaHears = !context.mentionsOnly || incoming.mentioned || incoming.direct;
    if (persona ? !personaHears : !incoming.addressed) return;
    let inThread = false;
    if (message.guild_id && context.threadParents) {
      const parent = await context.threadParents.parentOf(message.channel_id);
      inThread = parent !== undefined;
      origin = messageOrigin(message, parent);
    }
    // In its own thread a persona hears everything; in a busy channel only what triggers it.
    if (persona && !(await answersHere(chat, origin, incoming, logger))) return;
    if (context.replays.seenHere(message.id) || !(await context.replays.claim(message.id))) {
      logger.info("discord.message_replay_ignored", { message: message.id });
      return;
    }
    const event: Inbound = {
      type: "message",
      origin,
      text: incoming.text,
      addressed: incoming.addressed,
      ...(persona ? { triggered: true } : {}),
      history: discordHistory({
        message,
        readChannel: inThread || origin.direct === true,
        reader: context.reader,
        bot,
      }),
    };
    if (!chat.mayUse(origin)) {
      try {
        await chat.handle(event);
      } catch (error) {
        const notice = reportFailure(error, logger, { message: message.id, inbound: "message" });
        if (toVsbotError(error).code === "access_denied") {
          await refuseByDirectMessage(origin.user, notice);
        }
      }
      return;
    }
    // Chat replies answer the message as Discord replies; a persona talks on in its thread.
    const replyTo = persona ? undefined : message.id;
    const stopTyping = keepTyping(messenger, origin.channel, logger, context.typingRenewMs);
    const entry = context.inFlight.begin();
    entry.notice = async () => {
      stopTyping();
      await sendAll(origin.channel, renderNotice(RESTART_NOTICE), replyTo);
    };
    try {
      const replies = await chat.handle(event);
      stopTyping();
      await sendReplies(
        { messenger, ...(context.personas ? { personas: context.personas } : {}) },
        {
          channelId: origin.channel,
          ...(origin.parentChannel ? { parentId: origin.parentChannel } : {}),
        },
        replies,
        { ...(replyTo ? { replyTo } : {}), direct: origin.direct === true },
      );
    } catch (error) {
      stopTyping();
      const notice = reportFailure(error, logger, { message: message.id, inbound: "message" });
      await sendAll(origin.channel, renderNotice(notice), replyTo).catch((sendError: unknown) => {
        logger.error("discord.error_not_delivered", { error: sendError });
      });
    } finally {
      entry.end();
    }
  };
}
