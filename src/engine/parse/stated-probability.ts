/**
 * A probability as the model wrote it, read but not yet put on a common scale. Plain numbers
 * may be on a 0-1 or a 0-100 scale; which one is decided for the whole reply.
 */
export type StatedProbability =
  | { readonly kind: "absent" }
  | { readonly kind: "unusable" }
  | { readonly kind: "plain"; readonly value: number }
  /** A percentage or a fraction, already on the 0-1 scale. */
  | { readonly kind: "scaled"; readonly value: number };

const ABSENT: StatedProbability = { kind: "absent" };
const UNUSABLE: StatedProbability = { kind: "unusable" };

/** "0.3", "~0.2", "<0.1", "about 30 %", "0.3 (likely)", "1/5": the leading number counts. */
const NUMBER_IN_TEXT =
  /^(?:[~≈<>≤≥]|about|approx\.?|approximately|around|roughly)?\s*=?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(?:\s*(%|percent)|\s*\/\s*(\d+(?:\.\d+)?))?/i;

function fromNumber(value: number, percent: boolean): StatedProbability {
  if (!Number.isFinite(value) || value < 0) return UNUSABLE;
  if (!percent) return value > 100 ? UNUSABLE : { kind: "plain", value };
  return value > 100 ? UNUSABLE : { kind: "scaled", value: value / 100 };
}

/** Enough for "approximately = 0.123456 %"; bounds the regex's work on odd input. */
const READ_LENGTH = 64;

function fromText(text: string): StatedProbability {
  const trimmed = text.trim();
  if (trimmed === "") return ABSENT;
  const match = NUMBER_IN_TEXT.exec(trimmed.slice(0, READ_LENGTH));
  if (match === null) return UNUSABLE;
  const value = Number(match[1]);
  if (match[3] !== undefined) {
    const denominator = Number(match[3]);
    return denominator > 0 && value <= denominator
      ? { kind: "scaled", value: value / denominator }
      : UNUSABLE;
  }
  return fromNumber(value, match[2] !== undefined);
}

export function readStatedProbability(stated: unknown): StatedProbability {
  if (typeof stated === "number") return fromNumber(stated, false);
  if (typeof stated === "string") return fromText(stated);
  if (stated === undefined || stated === null) return ABSENT;
  return UNUSABLE;
}
