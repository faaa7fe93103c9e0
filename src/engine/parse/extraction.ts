/** A candidate as found in the output, before its text and probability are cleaned. */
export interface FoundCandidate {
  readonly text: string;
  /** The probability as written: a number, a string, or undefined when absent. */
  readonly stated: unknown;
  /** The speaker as written, where the candidate names one. */
  readonly speaker?: string;
}

/** What one reading strategy (JSON, tags, list) recovered from the output. */
export interface Extraction {
  /** Whether the strategy recognized its structure; if not, the next strategy is tried. */
  readonly located: boolean;
  readonly found: readonly FoundCandidate[];
  /** Candidates still being written when the output ended; they are dropped. */
  readonly partial: number;
  /** True when the output ended inside the structure being read. */
  readonly cut: boolean;
  /** Items in the candidate list that had no text. */
  readonly skipped: number;
}

export const NOTHING_LOCATED: Extraction = {
  located: false,
  found: [],
  partial: 0,
  cut: false,
  skipped: 0,
};
