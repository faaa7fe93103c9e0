import { wordTokens } from "./tokens.js";

/**
 * Distinct-n over a set of texts: distinct word n-grams divided by all word n-grams, counted
 * within each text (an n-gram never spans two texts), after the normalization of wordTokens.
 * 1 when no n-gram repeats anywhere in the set; lower as texts reuse each other's phrasing.
 * Null when the texts hold no n-gram at all (nothing to measure).
 */
export function distinctN(texts: readonly string[], n: number): number | null {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`n must be a whole number >= 1 (got ${n})`);
  const seen = new Set<string>();
  let total = 0;
  for (const text of texts) {
    const tokens = wordTokens(text);
    for (let start = 0; start + n <= tokens.length; start++) {
      // A separator no token can contain: tokens hold only letters, marks and digits.
      seen.add(tokens.slice(start, start + n).join(" "));
      total += 1;
    }
  }
  return total === 0 ? null : seen.size / total;
}
