import type { PersonaCommand } from "../../command-kit/definition.js";
import { splitSubcommand } from "../../command-kit/parse-text.js";
import { PERSONA_END_ACTION } from "./action-ids.js";
import { escapeSlackText } from "./escape.js";
import { slackOrigin } from "./origin.js";
import { renderNotice, renderReply, type SlackButton } from "./render-blocks.js";
import { type ReplyTarget, sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import type { SlashInvocation } from "./slash-invocation.js";

export const END_PERSONA_BUTTON: SlackButton = {
  actionId: PERSONA_END_ACTION,
  label: "End persona",
  value: "end",
  style: "danger",
};

/**
 * `/persona start` opens a thread that is the persona's home; `end` and `show`, typed in the
 * channel, act on the channel's latest persona thread.
 */
export async function handlePersonaCommand(
  context: SlackContext,
  invocation: SlashInvocation,
  command: PersonaCommand,
  target: ReplyTarget,
): Promise<void> {
  const { subcommand } = splitSubcommand(invocation.text, Object.keys(command.subcommands));
  // Ending (or replacing) someone else's persona needs a workspace admin; only then is users.info asked.
  const canModerate =
    subcommand === "end" || subcommand === "start"
      ? (await context.users.lookup(invocation.user)).canManage
      : false;
  if (subcommand === "start") {
    await startPersona(context, { ...invocation, canModerate }, command, target);
    return;
  }
  const thread = subcommand ? await context.personaThreads.latest(invocation.channel) : undefined;
  const replies = await context.chat.handle({
    type: "command",
    origin: slackOrigin({ ...invocation, thread, canModerate }),
    name: command.name,
    text: invocation.text,
  });
  await sendReplies(context, { ...target, threadTs: thread }, replies);
}

/**
 * The session must be keyed by the thread, which exists only once a message is posted: so a
 * placeholder intro goes first, ChatService starts the persona in its thread, and the intro is
 * then replaced by ChatService's. On failure the placeholder is removed.
 */
async function startPersona(
  context: SlackContext,
  invocation: SlashInvocation & { readonly canModerate: boolean },
  command: PersonaCommand,
  target: ReplyTarget,
): Promise<void> {
  const placeholder = renderNotice(
    `${escapeSlackText(invocation.userName)} is starting a persona…`,
  );
  const posted = await context.client.chat.postMessage({
    channel: invocation.channel,
    text: placeholder.text,
    blocks: placeholder.blocks,
  });
  const threadTs = posted.ts;
  if (!threadTs) throw new Error("chat.postMessage returned no ts for the persona intro");
  try {
    const replies = await context.chat.handle({
      type: "command",
      origin: slackOrigin({ ...invocation, thread: threadTs }),
      name: command.name,
      text: invocation.text,
    });
    await context.personaThreads.opened(invocation.channel, threadTs);
    const [intro, ...others] = replies;
    const [message] = intro ? renderReply(intro, { buttons: [END_PERSONA_BUTTON] }) : [];
    if (message) {
      await context.client.chat.update({
        channel: invocation.channel,
        ts: threadTs,
        text: message.text,
        blocks: message.blocks,
      });
    }
    await sendReplies(context, { ...target, threadTs }, others);
  } catch (error) {
    await context.client.chat
      .delete({ channel: invocation.channel, ts: threadTs })
      .catch((deleteError: unknown) => {
        context.logger.warn("slack.placeholder_delete_failed", { error: deleteError });
      });
    throw error;
  }
}
