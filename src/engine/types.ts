/** The generation methods of the Verbalized Sampling paper, by their names there. */
export const METHODS = ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"] as const;
export type Method = (typeof METHODS)[number];

/** How verbalized probabilities become sampling weights. */
export const WEIGHT_MODES = ["verbalized", "uniform", "temperature"] as const;
export type WeightMode = (typeof WEIGHT_MODES)[number];

/** How the prompt asks the model to state each candidate's probability. */
export const PROBABILITY_WORDINGS = ["explicit", "implicit", "percentage", "confidence"] as const;
export type ProbabilityWording = (typeof PROBABILITY_WORDINGS)[number];

/** One answer recovered from model output. */
export interface ParsedCandidate {
  readonly text: string;
  /** Normalized sampling weight: all candidates of one parse sum to 1. */
  readonly probability: number;
  /** The number the model stated, on a 0-1 scale, or null when it gave none usable. */
  readonly verbalized: number | null;
  /** Who says it, one of the task's `speakers`; only set for such tasks. */
  readonly speaker?: string;
}

export interface ParseResult {
  readonly candidates: readonly ParsedCandidate[];
  /** Human-readable notes on everything that was repaired or dropped. */
  readonly warnings: readonly string[];
  /** True when the output ended inside a candidate (cut off at the token limit). */
  readonly truncated: boolean;
}

export interface ParseOptions {
  /** How many candidates were asked for; only used for warnings. */
  readonly expected?: number;
  /** The model's finish reason; "length" marks the last partial candidate as cut off. */
  readonly finishReason?: string;
  /**
   * Accept unstructured text as one candidate (the direct method). JSON and tags are still
   * read; a numbered list is then part of the answer, not a list of candidates.
   */
  readonly allowPlainText?: boolean;
  /**
   * The names a candidate may be spoken by (a scene's personas): each candidate gets one, from
   * its `speaker` member or a leading "Name:", and candidates naming no one listed are dropped.
   */
  readonly speakers?: readonly string[];
}
