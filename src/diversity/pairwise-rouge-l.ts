import { rougeLTokens } from "./rouge-l.js";
import { wordTokens } from "./tokens.js";

/**
 * Calls `visit` with the word-level ROUGE-L F1 of every pair of the texts (each pair once,
 * first index below second). Each text is tokenized once, not once per pair.
 */
export function forEachPairRougeL(
  texts: readonly string[],
  visit: (score: number, first: number, second: number) => void,
): void {
  const tokens = texts.map(wordTokens);
  for (let first = 0; first < tokens.length; first++) {
    for (let second = first + 1; second < tokens.length; second++) {
      visit(rougeLTokens(tokens[first] ?? [], tokens[second] ?? []), first, second);
    }
  }
}

/**
 * Mean word-level ROUGE-L F1 over every pair of the texts (each pair once): the paper's
 * lexical similarity of the responses to one prompt. Lower means more diverse. Null with
 * fewer than two texts (no pair to compare).
 */
export function meanPairwiseRougeL(texts: readonly string[]): number | null {
  if (texts.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  forEachPairRougeL(texts, (score) => {
    sum += score;
    pairs += 1;
  });
  return sum / pairs;
}

/** The highest ROUGE-L F1 of any pair of the texts: how close the two most alike are. 0 for fewer than two. */
export function closestPairRougeL(texts: readonly string[]): number {
  let closest = 0;
  forEachPairRougeL(texts, (score) => {
    closest = Math.max(closest, score);
  });
  return closest;
}
