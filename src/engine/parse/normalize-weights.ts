import type { ParsedCandidate } from "../types.js";
import type { WeightedText } from "./common-scale.js";
import { plural } from "./plural.js";

/**
 * Turns stated weights into sampling probabilities that sum to 1. Candidates without a usable
 * weight get the mean of the others; with none usable, or all zero, every candidate is equal.
 */
export function normalizeWeights(
  candidates: readonly WeightedText[],
  warnings: string[],
): ParsedCandidate[] {
  const stated = candidates.flatMap((candidate) =>
    candidate.verbalized === null ? [] : [candidate.verbalized],
  );
  const missing = candidates.length - stated.length;
  let fill = 0;
  if (stated.length === 0) {
    if (candidates.length > 0) warnings.push("no usable probabilities; used uniform weights");
  } else {
    fill = stated.reduce((sum, value) => sum + value, 0) / stated.length;
    if (missing > 0) {
      warnings.push(
        `gave ${plural(missing, "candidate")} without a usable probability the mean of the others`,
      );
    }
  }
  const weights = candidates.map((candidate) => candidate.verbalized ?? fill);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const uniform = !(total > 0);
  if (uniform && stated.length > 0)
    warnings.push("all probabilities were zero; used uniform weights");
  return candidates.map((candidate, index) => ({
    text: candidate.text,
    probability: uniform ? 1 / candidates.length : (weights[index] ?? 0) / total,
    verbalized: candidate.verbalized,
    ...(candidate.speaker === undefined ? {} : { speaker: candidate.speaker }),
  }));
}
