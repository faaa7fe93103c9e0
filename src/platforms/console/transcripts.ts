import type { HistoryMessage, HistorySource } from "../../app/conversation/history.js";
import type { Reply } from "../../app/types.js";

/** Per conversation, the newest messages kept; the chat budget trims far earlier. */
const KEPT_MESSAGES = 400;
/** Conversations remembered; the least recently used is forgotten first. */
const KEPT_CONVERSATIONS = 1000;

interface Entry extends HistoryMessage {
  readonly tailId?: string;
}

/** Whether a reply is a chat answer (not a persona's, not a command's). */
export function isChatReply(reply: Reply): boolean {
  return reply.meta.conversation === "chat" && reply.meta.tailId !== undefined;
}

/**
 * The console's chat conversations, in this process: what a platform's channel history is to
 * Discord and Slack. A click that swaps a chat answer for another candidate swaps it here too,
 * so the next message is read against the answer the user saw.
 */
export class ConsoleTranscripts {
  readonly #conversations = new Map<string, Entry[]>();

  historyFor(key: string): HistorySource {
    return async () => [...(this.#conversations.get(key) ?? [])];
  }

  /** A message and its chat answer; anything else leaves the transcript as it was. */
  recordExchange(key: string, message: HistoryMessage, replies: readonly Reply[]): void {
    const answer = replies.find(isChatReply);
    if (!answer) return;
    const entries = this.#touch(key);
    entries.push(message, {
      speaker: "vsbot",
      fromBot: true,
      text: answer.body,
      tailId: String(answer.meta.tailId),
    });
    entries.splice(0, Math.max(0, entries.length - KEPT_MESSAGES));
  }

  /** After a click: the latest answer, if drawn from the same tail, becomes the one shown. */
  recordClick(key: string, replies: readonly Reply[]): void {
    const entries = this.#conversations.get(key);
    const latest = entries?.at(-1);
    const shown = replies.find((reply) => reply.kind === "answer" && reply.meta.tailId);
    if (!entries || !latest?.fromBot || !shown || shown.meta.tailId !== latest.tailId) return;
    entries[entries.length - 1] = { ...latest, text: shown.body };
  }

  #touch(key: string): Entry[] {
    const entries = this.#conversations.get(key) ?? [];
    this.#conversations.delete(key);
    this.#conversations.set(key, entries);
    const oldest = this.#conversations.keys().next();
    if (this.#conversations.size > KEPT_CONVERSATIONS && !oldest.done) {
      this.#conversations.delete(oldest.value);
    }
    return entries;
  }
}
