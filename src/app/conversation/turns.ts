import type { ConversationTurn } from "../../engine/task.js";
import type { HistoryMessage } from "./history.js";

/** A conversation as the chat task sends it to the model. */
export interface ChatPrompt {
  /** Earlier turns, oldest first, ending with the bot's latest reply; empty without one. */
  readonly turns: readonly ConversationTurn[];
  /** What people wrote after the bot's latest reply and before the message answered. */
  readonly since: string;
  /** The message answered. */
  readonly message: string;
}

const SPEAKER_CHARS = 60;

function speakerName(message: HistoryMessage): string {
  const name = message.speaker.replace(/\s+/g, " ").trim().slice(0, SPEAKER_CHARS);
  return name || "someone";
}

/** Whether several people talk here, so each person's lines need their name. */
export function needsNames(messages: readonly HistoryMessage[]): boolean {
  const people = new Set(
    messages
      .filter((message) => !message.fromBot)
      .map((message) => message.speakerId ?? message.speaker),
  );
  return people.size > 1;
}

/**
 * A message as the model reads it: the bot's own as written; a person's after their name when
 * several people talk, its later lines indented so no line of it can pass for another speaker.
 */
export function lineOf(message: HistoryMessage, named: boolean): string {
  if (message.fromBot || !named) return message.text;
  return `${speakerName(message)}: ${message.text.replace(/\n/g, "\n  ")}`;
}

/** Consecutive turns of one side become one, as chat formats that need alternation want. */
function mergeTurns(turns: readonly ConversationTurn[]): ConversationTurn[] {
  const merged: ConversationTurn[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last && last.role === turn.role) {
      merged[merged.length - 1] = {
        role: turn.role,
        content: `${last.content}\n\n${turn.content}`,
      };
    } else {
      merged.push(turn);
    }
  }
  return merged;
}

/**
 * The prompt for a message and the conversation before it: people's messages as user turns,
 * the bot's as assistant turns, and what people said since the bot last spoke folded into the
 * request, so the request is the one user turn after the bot's latest reply.
 */
export function chatPrompt(
  history: readonly HistoryMessage[],
  message: HistoryMessage,
  named: boolean,
): ChatPrompt {
  let lastReply = -1;
  history.forEach((earlier, index) => {
    if (earlier.fromBot) lastReply = index;
  });
  const answered = history.slice(0, lastReply + 1);
  const since = history.slice(lastReply + 1);
  return {
    turns: mergeTurns(
      answered.map((earlier) => ({
        role: earlier.fromBot ? "assistant" : "user",
        content: lineOf(earlier, named),
      })),
    ),
    since: since.map((earlier) => lineOf(earlier, named)).join("\n\n"),
    message: lineOf(message, named),
  };
}
