import { splitSubcommand } from "../../command-kit/parse-text.js";
import { clipText, escapeSlackText } from "./escape.js";
import { slackOrigin } from "./origin.js";
import { handlePersonaCommand } from "./persona-command.js";
import { reportError, tellRestarting } from "./report-error.js";
import { type ReplyTarget, type Respond, sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import type { SlashInvocation } from "./slash-invocation.js";

/**
 * Runs after the ack: answers the command in the channel (its answer starts a thread), or
 * privately for private replies and errors.
 */
export async function handleSlashCommand(
  context: SlackContext,
  invocation: SlashInvocation,
  respond: Respond,
): Promise<void> {
  const name = invocation.command.replace(/^\//, "").toLowerCase();
  if (!(await context.deliveries.first(`command:${invocation.team}:${invocation.triggerId}`))) {
    context.logger.info("slack.retry_ignored", { kind: "command", command: name });
    return;
  }
  const target: ReplyTarget = {
    channel: invocation.channel,
    user: invocation.user,
    respond,
    team: invocation.team,
  };
  const entry = context.inFlight.begin();
  entry.notice = () => tellRestarting(context, target);
  try {
    const definition = context.commands.find((command) => command.name === name);
    if (definition?.kind === "persona") {
      await handlePersonaCommand(context, invocation, definition, target);
      return;
    }
    const canManage =
      definition?.kind === "settings" &&
      needsRights(invocation.text, Object.keys(definition.subcommands)) &&
      (await context.users.lookup(invocation.user)).canManage;
    const replies = await context.chat.handle({
      type: "command",
      origin: slackOrigin({ ...invocation, canManage }),
      name,
      text: invocation.text,
    });
    await sendReplies(context, target, replies, askedBy(invocation));
  } catch (error) {
    await reportError(context, error, target, { command: name, user: invocation.user });
  } finally {
    entry.end();
  }
}

/** Only a change, or the usage, needs the manage right, so only then is users.info asked. */
function needsRights(text: string, subcommands: readonly string[]): boolean {
  const { subcommand, rest } = splitSubcommand(text, subcommands);
  return subcommand === "usage" || rest.trim().length > 0;
}

/** Who asked for what, above the answer: Slack shows the channel no trace of the command. */
function askedBy(invocation: SlashInvocation): string {
  const asked = invocation.text ? ` ${clipText(invocation.text, 150)}` : "";
  return `${escapeSlackText(invocation.userName)} used *${escapeSlackText(invocation.command)}*${escapeSlackText(asked)}`;
}
