import type { SlackContext } from "./slack-context.js";
import { slackErrorCode } from "./slack-errors.js";

/** Slack's "<app> is thinking…" line under a thread while the model works. */
export interface ThinkingStatus {
  /** Waits for the status call to settle, so it cannot land after the reply and linger. */
  ready(): Promise<void>;
  /** Removes the status when no reply will be posted in the thread (posting one clears it). */
  clear(): Promise<void>;
}

const NO_STATUS: ThinkingStatus = { ready: async () => {}, clear: async () => {} };

/**
 * Sets the thread status with assistant.threads.setStatus. Workspaces or conversations that do
 * not support it answer with an error, which is logged and otherwise ignored.
 */
export function startThinking(
  context: SlackContext,
  channel: string,
  threadTs: string | undefined,
): ThinkingStatus {
  if (!threadTs) return NO_STATUS;
  const setStatus = (status: string) =>
    context.client.assistant.threads.setStatus({
      channel_id: channel,
      thread_ts: threadTs,
      status,
    });
  const shown = setStatus("is thinking…").then(
    () => true,
    (error: unknown) => {
      context.logger.debug("slack.status_unavailable", {
        channel,
        reason: slackErrorCode(error) ?? String(error),
      });
      return false;
    },
  );
  return {
    ready: async () => {
      await shown;
    },
    clear: async () => {
      if (!(await shown)) return;
      await setStatus("").catch((error: unknown) => {
        context.logger.debug("slack.status_clear_failed", { channel, error });
      });
    },
  };
}
