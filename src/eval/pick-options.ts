import { wordTokens } from "../diversity/tokens.js";

const NUMBER_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
  ].map((word, value) => [word, String(value)]),
);

/** Tokens for matching picks: number words as digits, a plural "s" dropped ("Hearts" = "heart"). */
function matchTokens(text: string): string[] {
  return wordTokens(text).map((token) => {
    const digits = NUMBER_WORDS[token] ?? token;
    return digits.length > 3 && digits.endsWith("s") && !digits.endsWith("ss")
      ? digits.slice(0, -1)
      : digits;
  });
}

interface Span {
  readonly option: number;
  readonly start: number;
  readonly end: number;
}

function spansOf(answer: readonly string[], option: readonly string[], index: number): Span[] {
  const spans: Span[] = [];
  if (option.length === 0) return spans;
  for (let start = 0; start + option.length <= answer.length; start++) {
    if (option.every((token, offset) => answer[start + offset] === token)) {
      spans.push({ option: index, start, end: start + option.length });
    }
  }
  return spans;
}

/**
 * Reads which option an answer names: the one option whose words appear in it, counting a
 * longer option that contains a shorter one's match ("West Virginia", not "Virginia") as the
 * only match there. Null when the answer names none or several (it cannot be counted).
 */
export function matchOption(answer: string, options: readonly string[]): number | null {
  const tokens = matchTokens(answer);
  const spans = options.flatMap((option, index) => spansOf(tokens, matchTokens(option), index));
  const outermost = spans.filter(
    (span) =>
      !spans.some(
        (other) =>
          other !== span &&
          other.end - other.start > span.end - span.start &&
          other.start <= span.start &&
          other.end >= span.end,
      ),
  );
  const named = new Set(outermost.map((span) => span.option));
  return named.size === 1 ? (outermost[0]?.option ?? null) : null;
}

export interface PickCounts {
  /** How often each option was picked, in the options' order. */
  readonly counts: readonly number[];
  /** Answers that named no option, or several. */
  readonly unmatched: number;
}

export function countPicks(answers: readonly string[], options: readonly string[]): PickCounts {
  const counts = options.map(() => 0);
  let unmatched = 0;
  for (const answer of answers) {
    const option = matchOption(answer, options);
    if (option === null) unmatched += 1;
    else counts[option] = (counts[option] ?? 0) + 1;
  }
  return { counts, unmatched };
}
