import { eng as englishStopwords } from "stopword";
import { wordTokens } from "../diversity/tokens.js";

/**
 * What a call for more tells the model to steer away from, within a fixed budget: the latest
 * texts of the chain quoted (each clipped), then a digest of the earlier ones as the words
 * they keep returning to. The prompt stays the same size at 5 answers or 5,000; what the
 * model repeats anyway, the duplicate guard drops.
 */
export interface AvoidList {
  /** The latest texts, oldest first, clipped to QUOTED_TEXT_CHARS. */
  readonly latest: readonly string[];
  /** Words the earlier texts share most, most frequent first. */
  readonly themes: readonly string[];
  /** How many texts came before the latest ones. */
  readonly earlier: number;
}

/** Characters of quoted texts per call; at least one text is always quoted. */
export const QUOTED_CHARS = 240;
/** One quoted text is clipped to this: the opening of a text is what identifies it. */
export const QUOTED_TEXT_CHARS = 120;
/** At most this many digest words, and only from the latest DIGESTED_TEXTS earlier texts. */
export const THEME_WORDS = 8;
export const DIGESTED_TEXTS = 200;
const MIN_THEME_LETTERS = 4;

const STOPWORDS: ReadonlySet<string> = new Set(
  englishStopwords.map((word) => word.replace(/'/g, "")),
);

export function clipText(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1).trimEnd()}…` : flat;
}

/**
 * How many of the latest texts fit the quote budget (at least one), each clipped to
 * QUOTED_TEXT_CHARS and costing `overhead` characters more for its quoting.
 */
export function latestWithinBudget(texts: readonly string[], overhead = 0): number {
  let used = 0;
  let count = 0;
  for (let index = texts.length - 1; index >= 0; index--) {
    const length = Math.min(QUOTED_TEXT_CHARS, (texts[index] ?? "").length) + overhead;
    if (count > 0 && used + length > QUOTED_CHARS) break;
    used += length;
    count++;
  }
  return count;
}

/**
 * The words most of the earlier texts use, leaving out stopwords, short words and the words
 * of the request itself (every coffee joke says "coffee"). Counted once per text, so one long
 * text cannot fill the digest; ties go to the more recent text.
 */
export function themesOf(texts: readonly string[], request: string): string[] {
  const requestWords = new Set(wordTokens(request));
  const counts = new Map<string, { count: number; latest: number }>();
  texts.slice(-DIGESTED_TEXTS).forEach((text, position) => {
    for (const word of new Set(wordTokens(text))) {
      if (word.length < MIN_THEME_LETTERS || STOPWORDS.has(word) || requestWords.has(word)) {
        continue;
      }
      if (/^\d+$/.test(word)) continue;
      const entry = counts.get(word);
      counts.set(word, { count: (entry?.count ?? 0) + 1, latest: position });
    }
  });
  return [...counts.entries()]
    .sort(([, left], [, right]) => right.count - left.count || right.latest - left.latest)
    .slice(0, THEME_WORDS)
    .map(([word]) => word);
}

/** The avoid list for a chain whose texts so far are `known`, oldest first. */
export function avoidList(known: readonly string[], request: string): AvoidList {
  if (known.length === 0) return { latest: [], themes: [], earlier: 0 };
  const count = latestWithinBudget(known);
  const earlierTexts = known.slice(0, known.length - count);
  return {
    latest: known.slice(-count).map((text) => clipText(text, QUOTED_TEXT_CHARS)),
    themes: themesOf(earlierTexts, request),
    earlier: earlierTexts.length,
  };
}
