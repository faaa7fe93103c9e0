import type { Inbound, Reply } from "../../app/types.js";
import type { PersonaCommand } from "../../command-kit/definition.js";
import { splitSubcommand } from "../../command-kit/parse-text.js";
import { PERSONA_END_ACTION } from "./action-ids.js";
import { fileReference, findCardFile } from "./card-file.js";
import { escapeSlackText } from "./escape.js";
import { toMrkdwn } from "./mrkdwn.js";
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
  const { subcommand, rest } = splitSubcommand(invocation.text, Object.keys(command.subcommands));
  // Changing someone else's persona needs a workspace admin; only then is users.info asked.
  const canModerate =
    subcommand !== undefined && MODERATED.has(subcommand)
      ? (await context.users.lookup(invocation.user)).canManage
      : false;
  if (subcommand === "start") {
    await startPersona(context, { ...invocation, canModerate }, command, target);
    return;
  }
  // Someone the access lists keep out is refused by the chat core before any file is read.
  if (subcommand === "import" && context.chat.mayUse(slackOrigin(invocation))) {
    const { fileId, rest: options } = fileReference(rest);
    const card = await findCardFile(context, invocation, fileId);
    // A file that is not a card is refused before any message or thread appears.
    await context.chat.previewCard(card);
    await startPersona(context, { ...invocation, canModerate }, command, target, {
      subcommand: "import",
      text: options,
      options: { card },
    });
    return;
  }
  const thread = subcommand ? await context.personaThreads.latest(invocation.channel) : undefined;
  const replies = await context.chat.handle({
    type: "command",
    origin: slackOrigin({ ...invocation, thread, canModerate }),
    name: command.name,
    text: invocation.text,
  });
  const files = replies.filter((reply) => reply.file);
  await sendReplies(
    context,
    { ...target, threadTs: thread },
    replies.filter((reply) => !reply.file),
  );
  for (const reply of files) await uploadReplyFile(context, { ...target, threadTs: thread }, reply);
}

/** Subcommands that change (or read the memory of) a persona someone else may have started. */
const MODERATED: ReadonlySet<string> = new Set([
  "start",
  "import",
  "end",
  "memory",
  "forget",
  "reset",
  "talkativeness",
  "scene",
]);

/**
 * A reply's file (a card export), uploaded where the persona lives: Slack has no private
 * files, so the export is shared in the persona's thread, or the channel.
 */
async function uploadReplyFile(
  context: SlackContext,
  target: ReplyTarget,
  reply: Reply,
): Promise<void> {
  if (!reply.file) return;
  const file = {
    file: Buffer.from(reply.file.text, "utf8"),
    filename: reply.file.name,
    title: reply.file.name,
    initial_comment: toMrkdwn(reply.body),
  };
  await context.client.files.uploadV2(
    target.threadTs
      ? { ...file, channel_id: target.channel, thread_ts: target.threadTs }
      : { ...file, channel_id: target.channel },
  );
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
  call: Pick<Extract<Inbound, { type: "command" }>, "subcommand" | "text" | "options"> = {
    text: invocation.text,
  },
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
      ...call,
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
    await sendReplies(context, { ...target, threadTs, team: invocation.team }, others);
  } catch (error) {
    await context.client.chat
      .delete({ channel: invocation.channel, ts: threadTs })
      .catch((deleteError: unknown) => {
        context.logger.warn("slack.placeholder_delete_failed", { error: deleteError });
      });
    throw error;
  }
}
