import type { RandomSource } from "./ports.js";
import type { WeightMode } from "./types.js";

export interface WeightOptions {
  readonly mode: WeightMode;
  /** Only for mode "temperature": below 1 sharpens towards the mode, above 1 flattens. */
  readonly temperature: number;
}

/**
 * Turns normalized verbalized probabilities into sampling weights that sum to 1.
 * Verbalized numbers are weights, not calibrated probabilities: this is where a deployment
 * chooses to trust them as stated, ignore them (uniform) or soften/sharpen them.
 */
export function samplingWeights(
  probabilities: readonly number[],
  options: WeightOptions,
): number[] {
  const count = probabilities.length;
  if (count === 0) return [];
  const raw = probabilities.map((probability) => {
    const safe = Number.isFinite(probability) && probability > 0 ? probability : 0;
    if (options.mode === "uniform") return 1;
    if (options.mode === "temperature") return safe ** (1 / Math.max(options.temperature, 1e-3));
    return safe;
  });
  const total = raw.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) return probabilities.map(() => 1 / count);
  return raw.map((weight) => weight / total);
}

/** Draws one index with probability proportional to its weight. */
export function sampleIndex(weights: readonly number[], random: RandomSource): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0) throw new RangeError("cannot sample from no candidates");
  if (!(total > 0)) return Math.floor(random.next() * weights.length);
  let threshold = random.next() * total;
  let lastPositive = 0;
  for (const [index, weight] of weights.entries()) {
    if (weight <= 0) continue;
    lastPositive = index;
    threshold -= weight;
    if (threshold < 0) return index;
  }
  return lastPositive;
}

/** Draws `count` distinct indices, each draw proportional to the weights still in play. */
export function sampleWithoutReplacement(
  weights: readonly number[],
  count: number,
  random: RandomSource,
): number[] {
  const pool = weights.map((_, index) => index);
  const chosen: number[] = [];
  while (chosen.length < count && pool.length > 0) {
    const pick = sampleIndex(
      pool.map((index) => weights[index] ?? 0),
      random,
    );
    chosen.push(...pool.splice(pick, 1));
  }
  return chosen;
}

/**
 * The order in which "more like this" hands out the candidates not shown yet: lowest
 * probability first, so each click reaches further from the typical answer; ties keep the
 * model's order. Deterministic, so every process serving one tail agrees on it.
 */
export function tailOrder(probabilities: readonly number[], shown: ReadonlySet<number>): number[] {
  return probabilities
    .map((probability, index) => ({ probability, index }))
    .filter((entry) => !shown.has(entry.index))
    .sort((left, right) => left.probability - right.probability || left.index - right.index)
    .map((entry) => entry.index);
}
