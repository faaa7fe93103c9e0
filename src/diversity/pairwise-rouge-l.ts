import { rougeLTokens } from "./rouge-l.js";
import { wordTokens } from "./tokens.js";

/**
 * Mean word-level ROUGE-L F1 over every pair of the texts (each pair once): the paper's
 * lexical similarity of the responses to one prompt. Lower means more diverse. Each text is
 * tokenized once. Null with fewer than two texts (no pair to compare).
 */
export function meanPairwiseRougeL(texts: readonly string[]): number | null {
  if (texts.length < 2) return null;
  const tokens = texts.map(wordTokens);
  let sum = 0;
  let pairs = 0;
  for (let first = 0; first < tokens.length; first++) {
    for (let second = first + 1; second < tokens.length; second++) {
      sum += rougeLTokens(tokens[first] ?? [], tokens[second] ?? []);
      pairs += 1;
    }
  }
  return sum / pairs;
}
