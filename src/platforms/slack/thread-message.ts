import type { types as slackTypes } from "@slack/bolt";
import { plainFromSlack } from "./incoming-text.js";
import { slackOrigin } from "./origin.js";
import { reportError, tellRestarting } from "./report-error.js";
import { type ReplyTarget, sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import { startThinking, type ThinkingStatus } from "./thinking-status.js";

/** A person's message (or mention of the bot) that may be for a persona. */
export interface ThreadMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string | undefined;
  readonly user: string;
  readonly team?: string | undefined;
  readonly text: string;
}

/** A person's message, a reply also sent to the channel, or a mention of the bot. */
export type PersonEvent =
  | slackTypes.GenericMessageEvent
  | slackTypes.ThreadBroadcastMessageEvent
  | slackTypes.AppMentionEvent;

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
  };
}

/**
 * Persona sessions live in threads, so only thread replies are read. A mention of the bot
 * arrives twice (as a message and as app_mention): the message ts makes it one delivery.
 * ChatService answers [] where no persona is active, and then nothing is sent.
 */
export async function handleThreadMessage(
  context: SlackContext,
  message: ThreadMessage,
): Promise<void> {
  const threadTs = message.threadTs;
  if (!threadTs || threadTs === message.ts) return;
  if (!(await context.deliveries.first(`message:${message.channel}:${message.ts}`))) {
    context.logger.debug("slack.retry_ignored", { kind: "message", channel: message.channel });
    return;
  }
  const target: ReplyTarget = { channel: message.channel, user: message.user, threadTs };
  let status: ThinkingStatus | undefined;
  const entry = context.inFlight.begin();
  try {
    // Only threads with a persona get a status and a reply; the rest stay quiet.
    if (!(await context.chat.hasPersona(slackOrigin({ ...message, thread: threadTs })))) return;
    status = startThinking(context, message.channel, threadTs);
    entry.notice = () => tellRestarting(context, target);
    const speaker = await context.users.lookup(message.user);
    const replies = await context.chat.handle({
      type: "message",
      origin: slackOrigin({ ...message, userName: speaker?.name, thread: threadTs }),
      text: plainFromSlack(message.text, context.botUserId),
    });
    if (replies.length === 0) {
      await status?.clear();
      return;
    }
    await status?.ready();
    await sendReplies(context, target, replies);
  } catch (error) {
    await status?.clear();
    await reportError(context, error, target, { event: "message", user: message.user });
  } finally {
    entry.end();
  }
}
