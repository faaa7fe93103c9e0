import type { SamplingSettings } from "../../command-kit/definition.js";
import type { TaskSpec } from "../../engine/task.js";
import type { ChatPrompt } from "./turns.js";

/** The subject, for logs and the offline demo model: the message's opening. */
const SUBJECT_CHARS = 300;

export interface ChatTaskInput extends ChatPrompt {
  /** Who wrote the message answered, and what they wrote, unlabelled. */
  readonly speaker: string;
  readonly text: string;
}

/**
 * The chat task: a reply to a message addressed to the bot (a mention, a reply to it, a DM),
 * with the conversation before it. Shaped like the files in commands/ (its words here, the
 * machinery elsewhere), but no slash command: the platforms route messages to it.
 */
export interface ChatTask {
  readonly name: string;
  /** Its own sampling defaults; a channel's explicit settings win. */
  readonly defaults?: Partial<SamplingSettings>;
  readonly task: (input: ChatTaskInput, settings: SamplingSettings) => TaskSpec;
}

export const chatTask: ChatTask = {
  name: "chat",
  task: (input, settings) => ({
    task: "chat",
    instruction: input.message,
    subject: input.text.replace(/\s+/g, " ").slice(0, SUBJECT_CHARS),
    guidance: [
      "You are vsbot, a friendly assistant people talk to in a Discord or Slack conversation.",
      "Each response is one complete reply you might send to the latest message, in the language it was written in, as long as that message needs and no longer (usually a few sentences; light markdown is fine).",
      "Different responses are really different replies: another answer, angle, idea or tone, not rewordings of one.",
      "People's messages may start with their name and a colon; your own earlier replies are your turns. If the conversation asked you to play a part, stay in it.",
    ].join(" "),
    ...(input.since ? { context: input.since } : {}),
    turns: input.turns,
    facets: { speaker: input.speaker, message: input.text },
    ...settings,
  }),
};
