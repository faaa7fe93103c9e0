import { samplingWeights, type WeightOptions } from "./distribution.js";
import { type DroppedCandidate, type GuardOptions, screenCandidates } from "./duplicate-guard.js";
import type { RandomSource } from "./ports.js";
import { asksForProbabilities, moreRepeatsRequest } from "./prompts.js";
import { atOrAboveTau, servingOrder } from "./serving-order.js";
import type { TaskSpec } from "./task.js";
import type { ParsedCandidate } from "./types.js";

/** One call's candidates as the tail keeps them: screened, and in serving order. */
export interface ScreenedRound {
  readonly candidates: readonly ParsedCandidate[];
  /** Indices into `candidates`, in the order they are to be shown. */
  readonly order: readonly number[];
  readonly dropped: readonly DroppedCandidate<ParsedCandidate>[];
}

export interface RoundOptions {
  /** The guard, or null where answers may repeat (independent draws). */
  readonly guard: GuardOptions | null;
  readonly weights: WeightOptions;
  readonly random: RandomSource;
}

/** The guard for a task: off for independent draws (random picks), which may repeat. */
export function guardFor(spec: TaskSpec, threshold: number): GuardOptions | null {
  return spec.draws === "independent" ? null : { threshold };
}

/**
 * Screens one call's candidates against the chain so far (`earlier`, oldest first) and draws
 * their serving order. In a call for more that asked for p < τ, the candidates stating p ≥ τ
 * anyway are served after all the others.
 */
export function screenRound(
  spec: TaskSpec,
  candidates: readonly ParsedCandidate[],
  earlier: readonly string[],
  refill: boolean,
  options: RoundOptions,
): ScreenedRound {
  const screened = options.guard ? screenCandidates(earlier, candidates, options.guard) : null;
  const kept = screened ? foldDropped(screened.kept, screened.dropped) : [...candidates];
  const tailed = refill && asksForProbabilities(spec) && !moreRepeatsRequest(spec);
  const order = servingOrder(
    samplingWeights(
      kept.map((candidate) => candidate.probability),
      options.weights,
    ),
    options.random,
    tailed ? atOrAboveTau(kept, spec.tau) : new Set(),
  );
  return { candidates: kept, order, dropped: screened?.dropped ?? [] };
}

/**
 * A near-duplicate within one call is the same answer said twice: its weight goes to the one
 * kept, as the parser does for exact repeats. Repeats of earlier answers just go.
 */
export function foldDropped(
  kept: readonly ParsedCandidate[],
  dropped: readonly DroppedCandidate<ParsedCandidate>[],
): ParsedCandidate[] {
  return kept.map((candidate, index) => {
    let { probability, verbalized } = candidate;
    for (const repeat of dropped) {
      if (repeat.keptIndex !== index) continue;
      probability += repeat.candidate.probability;
      if (verbalized !== null && repeat.candidate.verbalized !== null) {
        verbalized += repeat.candidate.verbalized;
      }
    }
    return probability === candidate.probability
      ? candidate
      : { ...candidate, probability, verbalized };
  });
}
