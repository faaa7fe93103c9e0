import type { RespondArguments } from "@slack/bolt";
import type { Reply, ReplyVoice } from "../../app/types.js";
import { identityArguments, isCustomizeRefusal, namePrefix } from "./persona-voices.js";
import { renderReply, type SlackMessage } from "./render-blocks.js";
import type { SlackContext } from "./slack-context.js";
import { isConversationAccessError } from "./slack-errors.js";

/** Bolt's `respond`: posts to the response_url of a slash command or a button click. */
export type Respond = (message: RespondArguments) => Promise<unknown>;

/** Where replies go. */
export interface ReplyTarget {
  readonly channel: string;
  /** Who sees private replies. */
  readonly user: string;
  /** Public replies go in this thread; without it they go to the channel and start threads. */
  readonly threadTs?: string | undefined;
  /** Private replies go here when present; public ones fall back to it where the bot may not post. */
  readonly respond?: Respond | undefined;
  /** The workspace, for whether persona posts may carry their own name. */
  readonly team?: string | undefined;
  /** The message a button was clicked on: a reply that `replaces` edits it. */
  readonly clickedTs?: string | undefined;
}

/**
 * Sends replies in order: public ones with chat.postMessage, private ones as ephemeral
 * messages. `preface` heads the first public reply. Returns the ts of each public message.
 */
export async function sendReplies(
  context: SlackContext,
  target: ReplyTarget,
  replies: readonly Reply[],
  preface?: string,
): Promise<string[]> {
  const posted: string[] = [];
  let pending = preface;
  for (const reply of replies) {
    if (!reply.private && reply.voice) {
      posted.push(...(await sendVoiced(context, target, reply, reply.voice)));
      continue;
    }
    const messages = renderReply(reply, reply.private || !pending ? {} : { preface: pending });
    if (!reply.private) pending = undefined;
    for (const message of messages) {
      if (reply.private) {
        await sendPrivate(context, target, message);
      } else {
        const ts = await sendPublic(context, target, message);
        if (ts) posted.push(ts);
      }
    }
  }
  return posted;
}

/**
 * A persona's reply: under its own name and icon (`chat:write.customize`) where the workspace
 * allows, else led by its name; a swipe edits the clicked message instead. A refusal is
 * remembered for the workspace, and the reply goes out again with the name prefix.
 */
async function sendVoiced(
  context: SlackContext,
  target: ReplyTarget,
  reply: Reply,
  voice: ReplyVoice,
): Promise<string[]> {
  const customize = await context.voices.mayCustomize(target.team);
  const render = (named: boolean) =>
    renderReply(reply, named ? {} : { speaker: namePrefix(voice) });
  if (reply.replaces && target.clickedTs) {
    // chat.update keeps the message's author: only a prefixed message needs its prefix again.
    const [message] = render(customize);
    if (message) {
      await context.client.chat.update({
        channel: target.channel,
        ts: target.clickedTs,
        text: message.text,
        blocks: message.blocks,
      });
    }
    return [];
  }
  const post = async (named: boolean) => {
    const posted: string[] = [];
    for (const message of render(named)) {
      const ts = await sendPublic(context, target, message, named ? identityArguments(voice) : {});
      if (ts) posted.push(ts);
    }
    return posted;
  };
  if (!customize) return post(false);
  try {
    return await post(true);
  } catch (error) {
    if (!isCustomizeRefusal(error)) throw error;
    context.logger.info("slack.customize_refused", { team: target.team ?? "-" });
    await context.voices.refused(target.team);
    return post(false);
  }
}

/**
 * chat.postMessage, so the answer has a ts that threads hang from. Where the bot is not a
 * member (a private channel, a DM), the response_url still works: the reply goes there.
 */
export async function sendPublic(
  context: SlackContext,
  target: ReplyTarget,
  message: SlackMessage,
  identity: { readonly username?: string; readonly icon_url?: string } = {},
): Promise<string | undefined> {
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  try {
    const result = await context.client.chat.postMessage({
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      ...identity,
      ...thread,
      unfurl_links: false,
      unfurl_media: false,
    });
    return result.ts;
  } catch (error) {
    if (!target.respond || !isConversationAccessError(error)) throw error;
    context.logger.info("slack.post_via_response_url", { channel: target.channel });
    await target.respond({
      response_type: "in_channel",
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
      ...thread,
    });
    return undefined;
  }
}

export async function sendPrivate(
  context: SlackContext,
  target: ReplyTarget,
  message: SlackMessage,
): Promise<void> {
  if (target.respond) {
    await target.respond({
      response_type: "ephemeral",
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
    return;
  }
  await context.client.chat.postEphemeral({
    channel: target.channel,
    user: target.user,
    text: message.text,
    blocks: message.blocks,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
  });
}
