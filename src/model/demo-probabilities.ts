import type { RandomSource } from "../engine/ports.js";

/**
 * Probabilities the way real models verbalize them: rounded to two decimals (more only when
 * τ is tiny), roughly descending, summing to roughly but rarely exactly 1. With τ set, every
 * value lies strictly below τ, between about τ/5 and 0.95τ, so they need not sum to 1.
 */
export function verbalizeProbabilities(
  random: RandomSource,
  count: number,
  tau: number | null,
): number[] {
  if (count <= 0) return [];
  const values =
    tau !== null && tau > 0 && tau < 1
      ? belowTau(random, count, tau)
      : fullDistribution(random, count);
  values.sort((left, right) => right - left);
  swapOneNeighbourPair(random, values);
  return values;
}

function fullDistribution(random: RandomSource, count: number): number[] {
  const decay = 0.55 + random.next() * 0.35;
  const weights = Array.from(
    { length: count },
    (_, index) => (0.6 + random.next() * 0.8) * decay ** index,
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const statedTotal = count === 1 ? 0.6 + random.next() * 0.35 : 0.9 + random.next() * 0.2;
  return weights.map((weight) => clamp(roundDown((weight / total) * statedTotal, 2), 0.01, 0.95));
}

function belowTau(random: RandomSource, count: number, tau: number): number[] {
  const lowest = tau / 5;
  const highest = tau * 0.95;
  const decimals = Math.max(2, Math.ceil(-Math.log10(lowest)));
  const smallestStep = 10 ** -decimals;
  return Array.from({ length: count }, () =>
    Math.max(smallestStep, roundDown(lowest + random.next() * (highest - lowest), decimals)),
  );
}

/** Real models list their candidates mostly, not strictly, from most to least likely. */
function swapOneNeighbourPair(random: RandomSource, values: number[]): void {
  if (values.length < 2 || random.next() >= 0.2) return;
  const index = Math.min(values.length - 2, Math.floor(random.next() * (values.length - 1)));
  const current = values[index] as number;
  values[index] = values[index + 1] as number;
  values[index + 1] = current;
}

function roundDown(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 1e-9) / factor;
}

function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(maximum, Math.max(minimum, value));
}
