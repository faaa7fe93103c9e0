import type { LogFields } from "../../engine/ports.js";
import { RESTART_NOTICE } from "../in-flight.js";
import { escapeSlackText } from "./escape.js";
import { renderNotice } from "./render-blocks.js";
import { type ReplyTarget, sendPrivate } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import { toSlackVsbotError } from "./slack-errors.js";

/**
 * Logs a failure and tells the user privately, with the error's user message only: never a
 * stack trace or a raw library message. Failing to tell is logged, never thrown.
 */
export async function reportError(
  context: SlackContext,
  error: unknown,
  target: ReplyTarget,
  fields: LogFields,
): Promise<void> {
  const failure = toSlackVsbotError(error);
  const log = failure.code === "internal" ? context.logger.error : context.logger.warn;
  log.call(context.logger, "slack.request_failed", {
    ...fields,
    code: failure.code,
    error: failure,
  });
  try {
    await sendPrivate(
      context,
      target,
      renderNotice(`:warning: ${escapeSlackText(failure.userMessage)}`),
    );
  } catch (sendError) {
    context.logger.warn("slack.error_report_failed", { ...fields, error: sendError });
  }
}

/** Tells a user still waiting at shutdown that the bot is restarting, privately. */
export async function tellRestarting(context: SlackContext, target: ReplyTarget): Promise<void> {
  await sendPrivate(context, target, renderNotice(`:warning: ${escapeSlackText(RESTART_NOTICE)}`));
}
