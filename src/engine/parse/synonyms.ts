/** Key and tag names that models use for the parts of a VS reply, lowercase. */

export const CONTAINER_KEYS: ReadonlySet<string> = new Set([
  "responses",
  "response",
  "candidates",
  "answers",
  "outputs",
  "results",
  "items",
  "choices",
  "jokes",
  "stories",
  "poems",
  "ideas",
  "options",
  "list",
  "data",
]);

export const TEXT_KEYS: ReadonlySet<string> = new Set([
  "text",
  "response",
  "content",
  "answer",
  "output",
  "joke",
  "story",
  "poem",
  "idea",
  "utterance",
  "line",
  "message",
  "reply",
  "value",
  "completion",
]);

export const PROBABILITY_KEYS: ReadonlySet<string> = new Set([
  "probability",
  "prob",
  "p",
  "confidence",
  "likelihood",
  "weight",
  "score",
  "percentage",
  "percent",
  "chance",
]);

/** Who speaks a candidate, in tasks with speakers (a scene's next line). */
export const SPEAKER_KEYS: ReadonlySet<string> = new Set([
  "speaker",
  "character",
  "persona",
  "who",
  "name",
]);

/** String fields that are never the candidate's text, even when they are the only one. */
export const NON_TEXT_KEYS: ReadonlySet<string> = new Set([
  "reasoning",
  "rationale",
  "explanation",
  "thought",
  "thoughts",
  "analysis",
  "id",
  "type",
]);

/** The key as compared against the lists above. */
export function normalizeKey(key: string): string {
  return key.trim().toLowerCase();
}
