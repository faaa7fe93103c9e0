import type { types as slackTypes } from "@slack/bolt";
import { clipText } from "./escape.js";
import { plainFromSlack } from "./incoming-text.js";
import { slackOrigin } from "./origin.js";
import { reportError, tellRestarting } from "./report-error.js";
import { type ReplyTarget, sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import { slackErrorCode } from "./slack-errors.js";
import { slackHistory } from "./slack-history.js";
import { startThinking, type ThinkingStatus } from "./thinking-status.js";

/** A person's message, or mention of the bot, as the listeners read it. */
export interface ThreadMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string | undefined;
  readonly user: string;
  readonly team?: string | undefined;
  readonly text: string;
  /** "im" for a direct message, as message events say. */
  readonly channelType?: string | undefined;
  /** Delivered as app_mention. */
  readonly mention?: boolean;
}

/** A person's message, a reply also sent to the channel, a file with words, a mention of the bot. */
export type PersonEvent =
  | slackTypes.GenericMessageEvent
  | slackTypes.ThreadBroadcastMessageEvent
  | slackTypes.FileShareMessageEvent
  | slackTypes.AppMentionEvent;

/** The assistant pane's extras for a message there. */
export interface AssistantPane {
  setTitle(title: string): Promise<unknown>;
}

const TITLE_CHARS = 60;

/** A person's message; undefined for a bot's, the bot's own included. */
export function threadMessage(
  event: PersonEvent,
  team: string | undefined,
): ThreadMessage | undefined {
  if (!event.user || ("bot_id" in event && event.bot_id)) return undefined;
  return {
    channel: event.channel,
    ts: event.ts,
    threadTs: event.thread_ts,
    user: event.user,
    team: ("team" in event ? event.team : undefined) ?? team,
    text: event.text ?? "",
    channelType: "channel_type" in event ? event.channel_type : undefined,
    mention: event.type === "app_mention",
  };
}

function mentionsBot(text: string, botUserId: string): boolean {
  return text.includes(`<@${botUserId}>`) || text.includes(`<@${botUserId}|`);
}

/**
 * Every message goes this one way. Where a persona is active (its thread), the persona answers.
 * Otherwise the bot answers, as chat, a message meant for it: a mention (in the mention's
 * thread), any message in a DM, any later message in a thread where it has chatted; the rest
 * are left alone. A message arrives up to three times (as a message, as app_mention, and
 * retried): its ts makes it one delivery, across instances.
 */
export async function handleThreadMessage(
  context: SlackContext,
  message: ThreadMessage,
  pane?: AssistantPane,
): Promise<void> {
  if (message.user === context.botUserId) return;
  const direct = message.channelType === "im" || message.channel.startsWith("D");
  const threadTs =
    message.threadTs !== undefined && message.threadTs !== message.ts
      ? message.threadTs
      : undefined;
  const mentioned = message.mention === true || mentionsBot(message.text, context.botUserId);
  // Top-level channel chatter is no one's business here: no store read for it.
  if (!threadTs && !direct && !mentioned) return;
  // A top-level mention is answered in its own thread; a top-level DM where it was written.
  const replyThread = threadTs ?? (direct ? undefined : message.ts);
  let persona: boolean;
  let joined = false;
  try {
    persona = await context.chat.hasPersona(slackOrigin({ ...message, thread: replyThread }));
    if (!persona && threadTs && !direct && !mentioned) {
      joined = await context.chatThreads.isJoined(message.channel, threadTs);
    }
  } catch (error) {
    context.logger.error("slack.message_lookup_failed", { channel: message.channel, error });
    return;
  }
  const addressed = direct || mentioned || joined;
  if (!persona && !addressed) return;
  if (!(await context.deliveries.first(`message:${message.channel}:${message.ts}`))) {
    context.logger.debug("slack.retry_ignored", { kind: "message", channel: message.channel });
    return;
  }
  const target: ReplyTarget = {
    channel: message.channel,
    user: message.user,
    threadTs: replyThread,
    team: message.team,
  };
  let status: ThinkingStatus | undefined;
  const entry = context.inFlight.begin();
  try {
    entry.notice = () => tellRestarting(context, target);
    if (pane) await titleOnce(context, message, pane);
    status = startThinking(context, message.channel, replyThread);
    const speaker = await context.users.lookup(message.user);
    const replies = await context.chat.handle({
      type: "message",
      origin: slackOrigin({ ...message, userName: speaker?.name, thread: replyThread }),
      text: plainFromSlack(message.text, context.botUserId),
      addressed,
      history: slackHistory(context, {
        channel: message.channel,
        ts: message.ts,
        threadTs,
        direct,
      }),
    });
    if (replies.length === 0) {
      await status?.clear();
      return;
    }
    await status?.ready();
    await sendReplies(context, target, replies);
    if (!persona && replyThread) await context.chatThreads.joined(message.channel, replyThread);
  } catch (error) {
    await status?.clear();
    await reportError(context, error, target, { event: "message", user: message.user });
  } finally {
    entry.end();
  }
}

/** The assistant thread's title: its first message, until the bot has answered there. */
async function titleOnce(
  context: SlackContext,
  message: ThreadMessage,
  pane: AssistantPane,
): Promise<void> {
  const thread = message.threadTs ?? message.ts;
  if (await context.chatThreads.isJoined(message.channel, thread)) return;
  const title = clipText(plainFromSlack(message.text, context.botUserId), TITLE_CHARS);
  await pane.setTitle(title || "Chat with vsbot").catch((error: unknown) => {
    context.logger.debug("slack.title_unavailable", {
      channel: message.channel,
      reason: slackErrorCode(error) ?? String(error),
    });
  });
}
