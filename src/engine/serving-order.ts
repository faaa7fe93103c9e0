import { sampleWithoutReplacement } from "./distribution.js";
import type { RandomSource } from "./ports.js";

/**
 * The order in which a round's candidates are shown: a draw by weight without replacement,
 * so each click is another sample by weight from what remains, as the first answer was. It is
 * drawn once, when the candidates arrive, and stored with the tail, so every process serving
 * a button agrees on it. Candidates in `last` (a call for more that stated p ≥ τ although it
 * was asked for less) come after all the others, in their own draw by weight.
 */
export function servingOrder(
  weights: readonly number[],
  random: RandomSource,
  last: ReadonlySet<number> = new Set(),
): number[] {
  const first = weights.flatMap((_, index) => (last.has(index) ? [] : [index]));
  const after = weights.flatMap((_, index) => (last.has(index) ? [index] : []));
  const draw = (group: readonly number[]) =>
    sampleWithoutReplacement(
      group.map((index) => weights[index] ?? 0),
      group.length,
      random,
    ).map((position) => group[position] ?? 0);
  return [...draw(first), ...draw(after)];
}

/** Indices of a refill's candidates that state a probability at or above τ. */
export function atOrAboveTau(
  candidates: readonly { readonly verbalized: number | null }[],
  tau: number,
): Set<number> {
  const flagged = new Set<number>();
  candidates.forEach((candidate, index) => {
    if (candidate.verbalized !== null && candidate.verbalized >= tau) flagged.add(index);
  });
  return flagged;
}
