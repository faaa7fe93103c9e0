import { z } from "zod";
import type { HistoryMessage, HistorySource } from "../../app/conversation/history.js";
import { estimateTokens } from "../../app/conversation/token-estimate.js";
import { plainFromSlack } from "./incoming-text.js";
import type { SlackContext } from "./slack-context.js";

/** conversations.replies and .history pages, and how many are read at most. */
const PAGE_SIZE = 200;
const MAX_PAGES = 10;

/** Subtypes that are still a person talking: a reply also sent to the channel, a file with words. */
const SPOKEN_SUBTYPES: ReadonlySet<string> = new Set(["thread_broadcast", "file_share"]);

const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

/** What vsbot reads of each message Slack lists, checked as any input at the edge. */
const listedMessage = z.object({
  ts,
  thread_ts: ts.optional(),
  user: z.string().max(64).optional(),
  bot_id: z.string().max(64).optional(),
  subtype: z.string().max(100).optional(),
  text: z.string().max(40_000).optional(),
  blocks: z
    .array(
      z.looseObject({
        type: z.string().max(64),
        text: z.looseObject({ text: z.string().max(40_000).optional() }).optional(),
      }),
    )
    .max(100)
    .optional(),
});

type ListedMessage = z.infer<typeof listedMessage>;

const listing = z.object({
  messages: z.array(z.unknown()).max(1000).optional(),
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().max(500).optional() }).optional(),
});

/** Where a message sits: the thread it is in, if any, and its own ts. */
export interface SlackPlace {
  readonly channel: string;
  readonly ts: string;
  /** The thread's root, for a message in a thread. */
  readonly threadTs?: string | undefined;
  readonly direct: boolean;
}

/** Slack timestamps in order: seconds, then the fraction, as numbers too long for a double. */
export function compareTs(left: string, right: string): number {
  const [leftSeconds = "0", leftFraction = ""] = left.split(".");
  const [rightSeconds = "0", rightFraction = ""] = right.split(".");
  const seconds = Number(leftSeconds) - Number(rightSeconds);
  if (seconds !== 0) return seconds;
  return Number(leftFraction.padEnd(9, "0")) - Number(rightFraction.padEnd(9, "0"));
}

function readPage(response: unknown): { messages: ListedMessage[]; cursor: string | undefined } {
  const parsed = listing.safeParse(response);
  if (!parsed.success) return { messages: [], cursor: undefined };
  const messages = (parsed.data.messages ?? []).flatMap((item) => {
    const message = listedMessage.safeParse(item);
    return message.success ? [message.data] : [];
  });
  const cursor = parsed.data.has_more ? parsed.data.response_metadata?.next_cursor : undefined;
  return { messages, cursor: cursor || undefined };
}

/** The whole text of the bot's own message: its sections, which the fallback text clips. */
function botText(message: ListedMessage): string {
  const sections = (message.blocks ?? [])
    .filter((block) => block.type === "section" && typeof block.text?.text === "string")
    .map((block) => block.text?.text ?? "");
  return sections.length > 0 ? sections.join("\n") : (message.text ?? "");
}

async function readThread(
  context: SlackContext,
  place: SlackPlace & { readonly threadTs: string },
): Promise<ListedMessage[]> {
  const found: ListedMessage[] = [];
  let cursor: string | undefined;
  // Replies come oldest first, so every page up to the message answered is read.
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = readPage(
      await context.client.conversations.replies({
        channel: place.channel,
        ts: place.threadTs,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    found.push(...listed.messages);
    cursor = listed.cursor;
    const last = listed.messages.at(-1);
    if (!cursor || (last && compareTs(last.ts, place.ts) >= 0)) break;
  }
  return found;
}

async function readChannel(
  context: SlackContext,
  place: SlackPlace,
  wantedTokens: number,
): Promise<ListedMessage[]> {
  const found: ListedMessage[] = [];
  let cursor: string | undefined;
  let tokens = 0;
  // History comes newest first: read back only as far as wanted.
  for (let page = 0; page < MAX_PAGES && tokens < wantedTokens; page++) {
    const listed = readPage(
      await context.client.conversations.history({
        channel: place.channel,
        latest: place.ts,
        inclusive: false,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    for (const message of listed.messages) {
      found.push(message);
      tokens += estimateTokens(message.text ?? "");
    }
    cursor = listed.cursor;
    if (!cursor) break;
  }
  return found;
}

/**
 * The conversation before a Slack message: its thread's earlier messages (conversations.replies,
 * paged), or for a top-level DM the DM's recent ones (conversations.history); a top-level
 * mention in a channel starts a thread of its own, with nothing before it. The bot's messages
 * are its turns; other bots, edits and notices are left out. A read Slack refuses leaves the
 * reply without context rather than failing it.
 */
export function slackHistory(context: SlackContext, place: SlackPlace): HistorySource {
  return async (wantedTokens) => {
    let listed: ListedMessage[] = [];
    try {
      if (place.threadTs)
        listed = await readThread(context, { ...place, threadTs: place.threadTs });
      else if (place.direct) listed = await readChannel(context, place, wantedTokens);
    } catch (error) {
      context.logger.info("slack.history_unreadable", { channel: place.channel, error });
    }
    const earlier = listed
      .filter((message) => compareTs(message.ts, place.ts) < 0)
      .sort((left, right) => compareTs(left.ts, right.ts));
    const history: HistoryMessage[] = [];
    for (const message of earlier) {
      const read = await historyMessage(context, message);
      if (read) history.push(read);
    }
    return history;
  };
}

async function historyMessage(
  context: SlackContext,
  message: ListedMessage,
): Promise<HistoryMessage | null> {
  if (message.user === context.botUserId || (message.bot_id && message.bot_id === context.botId)) {
    return { speaker: "vsbot", fromBot: true, text: plainFromSlack(botText(message)) };
  }
  if (message.bot_id || !message.user) return null;
  if (message.subtype !== undefined && !SPOKEN_SUBTYPES.has(message.subtype)) return null;
  const speaker = (await context.users.lookup(message.user)).name ?? message.user;
  return {
    speaker,
    speakerId: message.user,
    fromBot: false,
    text: plainFromSlack(message.text ?? "", context.botUserId),
  };
}
