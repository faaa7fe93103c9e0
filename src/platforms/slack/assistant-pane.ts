import { Assistant } from "@slack/bolt";
import type { SlackContext } from "./slack-context.js";
import { slackErrorCode } from "./slack-errors.js";
import { handleThreadMessage, type PersonEvent, threadMessage } from "./thread-message.js";

/** What the pane offers when a thread starts; each message is sent as the user's first. */
export const SUGGESTED_PROMPTS = [
  { title: "Tell me a joke about…", message: "Tell me a joke about coffee" },
  { title: "Brainstorm…", message: "Brainstorm names for a neighbourhood bakery" },
  {
    title: "Start a persona…",
    message: "Start a persona: a retired sea captain who distrusts maps",
  },
  { title: "Write a short poem…", message: "Write a short poem about rain on a tin roof" },
] as const;

const PROMPTS_TITLE =
  "Each reply is one of several candidates: More like this shows another at once.";

/**
 * Slack's assistant pane through Bolt's Assistant: a new thread gets suggested prompts; each
 * message there takes the one message path (a chat reply with the thread as context, or the
 * persona started there), with "is thinking…" while the model works and the first message
 * as the thread's title. The thread's context (the channel the user looks at) is not used.
 */
export function createAssistantPane(context: SlackContext): Assistant {
  return new Assistant({
    threadStarted: async ({ event, setSuggestedPrompts }) => {
      const { channel_id: channel, thread_ts: thread } = event.assistant_thread;
      if (!(await context.deliveries.first(`assistant:${channel}:${thread}`))) return;
      await setSuggestedPrompts({ prompts: [...SUGGESTED_PROMPTS], title: PROMPTS_TITLE }).catch(
        (error: unknown) => {
          context.logger.warn("slack.prompts_unavailable", {
            channel,
            reason: slackErrorCode(error) ?? String(error),
          });
        },
      );
    },
    threadContextChanged: async () => {},
    userMessage: async ({ event, body, setTitle }) => {
      const message = threadMessage(event as PersonEvent, body.team_id);
      if (!message) return;
      await context.work.run(() => handleThreadMessage(context, message, { setTitle }));
    },
  });
}
