import type { Method, ProbabilityWording } from "./types.js";

/** One earlier turn of a conversation: a person's message, or the assistant's own reply. */
export interface ConversationTurn {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/**
 * One request to the engine, built by a command. The engine wraps it in the chosen method's
 * prompt; the command owns the task-specific words.
 */
export interface TaskSpec {
  /** The command that built it ("joke", "persona", ...); also tells the demo model what to write. */
  readonly task: string;
  /** What the user wants, as a sentence addressed to the model. */
  readonly instruction: string;
  /** The user's topic in a few words (for logs and the offline demo model). */
  readonly subject: string;
  /** Task rules for the system prompt: tone, length, role. */
  readonly guidance?: string;
  /** Material the model must read: a conversation so far, a persona sheet. */
  readonly context?: string;
  /**
   * Earlier turns of a conversation, oldest first, sent as chat messages of their own between
   * the system message and the request, so the assistant's earlier replies are its own turns.
   * Every call of the chain (calls for more, restatements) carries them.
   */
  readonly turns?: readonly ConversationTurn[];
  readonly method: Method;
  /** Candidates per model call. */
  readonly k: number;
  /** Tail threshold: calls for more ask for candidates each below this probability. */
  readonly tau: number;
  readonly wording: ProbabilityWording;
  /**
   * "distinct" (the default): every answer of a chain differs from the ones before it; the
   * duplicate guard drops near-repeats and calls for more ask for new answers below τ.
   * "independent": answers are independent draws that may repeat (a random pick, a die
   * roll); nothing is dropped as a repeat and a call for more is the first request again.
   */
  readonly draws?: "distinct" | "independent";
  /**
   * Named parts of the request, for logs and the offline demo model, which cannot read
   * prompts: e.g. a persona's `character` and the `message` it answers.
   */
  readonly facets?: Readonly<Record<string, string>>;
  /**
   * Who may speak each candidate (a scene's personas): the prompt asks every response to name
   * its speaker among these, and each candidate keeps it, so one call samples both who talks
   * next and what they say.
   */
  readonly speakers?: readonly string[];
}
