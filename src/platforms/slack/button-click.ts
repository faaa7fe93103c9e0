import type { BlockAction, ButtonAction } from "@slack/bolt";
import { PERSONA_END_ACTION } from "./action-ids.js";
import { slackOrigin } from "./origin.js";
import { reportError, tellRestarting } from "./report-error.js";
import { type ReplyTarget, type Respond, sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import { startThinking } from "./thinking-status.js";

/** The parts of a block_actions payload for one button vsbot uses. */
export interface ButtonClick {
  readonly actionId: string;
  /** The button id ChatService understands, e.g. `vs:more:<tailId>`. */
  readonly value: string;
  readonly user: string;
  readonly userName?: string | undefined;
  readonly team?: string | undefined;
  readonly channel?: string | undefined;
  /** The root of the thread the clicked message is in, or the clicked message itself. */
  readonly threadTs?: string | undefined;
  /** The clicked message itself, which a swipe edits. */
  readonly messageTs?: string | undefined;
  readonly triggerId: string;
  readonly actionTs: string;
}

export function buttonClick(body: BlockAction, action: ButtonAction): ButtonClick {
  const message = body.message;
  const threadTs =
    (typeof message?.thread_ts === "string" ? message.thread_ts : undefined) ??
    message?.ts ??
    (typeof body.container.message_ts === "string" ? body.container.message_ts : undefined);
  return {
    actionId: action.action_id,
    value: action.value ?? "",
    user: body.user.id,
    userName: body.user.username ?? body.user.name,
    team: body.team?.id ?? body.user.team_id,
    channel: body.channel?.id ?? body.container.channel_id,
    threadTs,
    messageTs:
      message?.ts ??
      (typeof body.container.message_ts === "string" ? body.container.message_ts : undefined),
    triggerId: body.trigger_id,
    actionTs: action.action_ts,
  };
}

/**
 * Runs after the ack: the next answer from the tail goes in the clicked message's thread;
 * "Show all" and errors go to the clicker alone.
 */
export async function handleButtonClick(
  context: SlackContext,
  click: ButtonClick,
  respond: Respond | undefined,
): Promise<void> {
  if (!(await context.deliveries.first(`action:${click.triggerId}:${click.actionTs}`))) {
    context.logger.info("slack.retry_ignored", { kind: "action", action: click.actionId });
    return;
  }
  const channel = click.channel;
  if (!channel) {
    context.logger.warn("slack.action_without_channel", { action: click.actionId });
    return;
  }
  const target: ReplyTarget = {
    channel,
    user: click.user,
    threadTs: click.threadTs,
    respond,
    team: click.team,
    clickedTs: click.messageTs,
  };
  const status =
    click.actionId === "vs_more" ? startThinking(context, channel, click.threadTs) : undefined;
  const entry = context.inFlight.begin();
  entry.notice = () => tellRestarting(context, target);
  try {
    const persona = context.commands.find((command) => command.kind === "persona");
    const ending = click.actionId === PERSONA_END_ACTION && persona !== undefined;
    const canModerate = ending ? (await context.users.lookup(click.user)).canManage : false;
    const origin = slackOrigin({ ...click, channel, thread: click.threadTs, canModerate });
    const replies =
      ending && persona
        ? await context.chat.handle({
            type: "command",
            origin,
            name: persona.name,
            subcommand: "end",
          })
        : await context.chat.handle({ type: "button", origin, id: click.value });
    await status?.ready();
    await sendReplies(context, target, replies);
  } catch (error) {
    await status?.clear();
    await reportError(context, error, target, { action: click.actionId, user: click.user });
  } finally {
    entry.end();
  }
}
