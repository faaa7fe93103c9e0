import { MessageType } from "discord.js";
import type { HistoryMessage, HistorySource } from "../../app/conversation/history.js";
import { estimateTokens } from "../../app/conversation/token-estimate.js";
import type { MessagePayload, ReferencedMessage } from "./message-payload.js";
import type { MessageReader } from "./message-reader.js";
import { type BotIdentity, botText, isFromBot, personText } from "./message-text.js";

/** How far up a reply chain is followed, and how much of a thread or DM is read. */
const MAX_CHAIN_LINKS = 50;
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

/** Messages people and the bot write; joins, pins, boosts and the like are no conversation. */
const CONVERSATION_TYPES: ReadonlySet<number> = new Set([
  MessageType.Default,
  MessageType.Reply,
  MessageType.ChatInputCommand,
  MessageType.ContextMenuCommand,
]);

export interface DiscordConversation {
  /** The message answered. */
  readonly message: MessagePayload;
  /** Whether the channel's recent messages belong to the conversation: a thread, a DM. */
  readonly readChannel: boolean;
  readonly reader: MessageReader;
  readonly bot: BotIdentity;
}

interface Link {
  readonly channelId: string;
  readonly messageId: string;
  /** Present when the message that points here carried it (a reply's referenced_message). */
  readonly inline: ReferencedMessage | null | undefined;
  /**
   * The clicked answer a "More like this" response replaced: the user saw the new one instead,
   * so it is not part of the conversation, but what it answered is.
   */
  readonly superseded: boolean;
}

/** What a message answers: the message it replies to, or the answer its click replaced. */
function parentOf(message: ReferencedMessage, bot: BotIdentity): Link | null {
  const reference = message.message_reference;
  if (reference?.message_id && (reference.type ?? 0) === 0) {
    return {
      channelId: reference.channel_id ?? message.channel_id,
      messageId: reference.message_id,
      inline:
        "referenced_message" in message
          ? (message as MessagePayload).referenced_message
          : undefined,
      superseded: false,
    };
  }
  const clicked = message.interaction_metadata?.interacted_message_id;
  if (clicked && isFromBot(message, bot)) {
    return {
      channelId: message.channel_id,
      messageId: clicked,
      inline: undefined,
      superseded: true,
    };
  }
  return null;
}

/** The reply chain above a message, oldest first, as far as it reaches or is wanted. */
async function replyChain(
  conversation: DiscordConversation,
  wantedTokens: number,
): Promise<ReferencedMessage[]> {
  const { reader, bot } = conversation;
  const chain: ReferencedMessage[] = [];
  let tokens = 0;
  let link = parentOf(conversation.message, bot);
  for (let hops = 0; link && hops < MAX_CHAIN_LINKS && tokens < wantedTokens; hops++) {
    // null: Discord says the message was deleted.
    if (link.inline === null) break;
    const found = link.inline ?? (await reader.message(link.channelId, link.messageId));
    if (!found) break;
    if (!link.superseded) {
      chain.unshift(found);
      tokens += estimateTokens(found.content);
    }
    link = parentOf(found, bot);
  }
  return chain;
}

/** The channel's messages before this one, newest pages first, as far as wanted. */
async function recentMessages(
  conversation: DiscordConversation,
  wantedTokens: number,
): Promise<ReferencedMessage[]> {
  const { reader, message } = conversation;
  const found: ReferencedMessage[] = [];
  let tokens = 0;
  let before: string | undefined = message.id;
  for (let page = 0; before && page < MAX_PAGES && tokens < wantedTokens; page++) {
    const listed = await reader.before(message.channel_id, before, PAGE_SIZE);
    for (const earlier of listed.messages) {
      found.push(earlier);
      tokens += estimateTokens(earlier.content);
    }
    before = listed.next;
  }
  return found;
}

function byAge(left: ReferencedMessage, right: ReferencedMessage): number {
  const difference = BigInt(left.id) - BigInt(right.id);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** One earlier message as the chat core reads it; null for what is no part of the talk. */
function historyMessage(message: ReferencedMessage, bot: BotIdentity): HistoryMessage | null {
  if (!CONVERSATION_TYPES.has(message.type)) return null;
  if (isFromBot(message, bot)) {
    return { speaker: "vsbot", fromBot: true, text: botText(message) };
  }
  // Other bots, webhooks and Discord's own notices are not people talking.
  if (message.author.bot || message.author.system || message.webhook_id) return null;
  return {
    speaker: message.member?.nick || message.author.global_name || message.author.username,
    speakerId: message.author.id,
    fromBot: false,
    text: personText(message, bot),
  };
}

/**
 * The conversation before a Discord message: its reply chain (references followed upward, and
 * through a "More like this" answer to what it answered) and, in a thread or a DM, the
 * channel's recent messages; one list, oldest first, each message once.
 */
export function discordHistory(conversation: DiscordConversation): HistorySource {
  return async (wantedTokens) => {
    const chain = await replyChain(conversation, wantedTokens);
    const recent = conversation.readChannel ? await recentMessages(conversation, wantedTokens) : [];
    const unique = new Map<string, ReferencedMessage>();
    for (const message of [...chain, ...recent]) unique.set(message.id, message);
    return [...unique.values()]
      .filter((message) => message.id !== conversation.message.id)
      .sort(byAge)
      .flatMap((message) => historyMessage(message, conversation.bot) ?? []);
  };
}
