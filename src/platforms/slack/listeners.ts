import type { App } from "@slack/bolt";
import { ACTION_ID_PATTERN } from "./action-ids.js";
import { createAssistantPane } from "./assistant-pane.js";
import { buttonClick, handleButtonClick } from "./button-click.js";
import { checkParsedBody } from "./payload-schemas.js";
import type { SlackContext } from "./slack-context.js";
import { handleSlashCommand } from "./slash-command.js";
import { slashInvocation } from "./slash-invocation.js";
import { handleThreadMessage, threadMessage } from "./thread-message.js";

/**
 * Every listener acks first: for HTTP the ack is the response Slack waits for (3 s at most),
 * so nothing slow may come before it. The work after the ack goes through the
 * AckFirstScheduler, which starts it once the burst of incoming events has been acked.
 */
export function registerListeners(app: App, context: SlackContext): void {
  app.use(async (args) => {
    context.work.arrived();
    // HTTP bodies were checked at the gate; Socket Mode ones arrive here unchecked.
    const verdict = checkParsedBody(args.body);
    if (verdict.kind === "invalid") {
      context.logger.info("slack.malformed_dropped", { problem: verdict.problem });
      await (args as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    await args.next();
  });

  // The pane's threads (DM threads) go through the Assistant; other messages go on below.
  app.assistant(createAssistantPane(context));

  app.command(/^\/[\w-]+$/, async ({ command, ack, respond }) => {
    await ack();
    await context.work.run(() => handleSlashCommand(context, slashInvocation(command), respond));
  });

  app.action(
    { type: "block_actions", action_id: ACTION_ID_PATTERN },
    async ({ ack, body, action, respond }) => {
      await ack();
      if (action.type !== "button") return;
      await context.work.run(() => handleButtonClick(context, buttonClick(body, action), respond));
    },
  );

  app.event("message", async ({ event, body }) => {
    // Edits, deletions, joins and bot posts have subtypes; a reply also sent to the channel, or
    // a file shared with words, is still a person talking.
    if (
      event.subtype !== undefined &&
      event.subtype !== "thread_broadcast" &&
      event.subtype !== "file_share"
    ) {
      return;
    }
    const message = threadMessage(event, body.team_id);
    if (message) await context.work.run(() => handleThreadMessage(context, message));
  });

  app.event("app_mention", async ({ event, body }) => {
    const message = threadMessage(event, body.team_id);
    if (message) await context.work.run(() => handleThreadMessage(context, message));
  });

  app.error(async (error) => {
    context.logger.error("slack.unhandled_error", { code: error.code, error });
  });
}
