import { distinctN } from "../diversity/distinct-n.js";
import { klToUniform } from "../diversity/kl-divergence.js";
import { meanPairwiseRougeL } from "../diversity/pairwise-rouge-l.js";
import { countPicks } from "./pick-options.js";
import type { EvalResult, LabelSamples } from "./types.js";

/** The mean of the measured values; null when none was measured. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const measured = values.filter((value): value is number => value !== null);
  if (measured.length === 0) return null;
  return measured.reduce((sum, value) => sum + value, 0) / measured.length;
}

/** Figures that need a model (embeddings, a judge), measured elsewhere; null when not. */
export interface ModelFigures {
  readonly semanticDiversity: number | null;
  readonly quality: number | null;
}

const NOT_MEASURED: ModelFigures = { semanticDiversity: null, quality: null };

/** KL to uniform per prompt with a known option set, averaged; null when no prompt has one. */
export function pickDivergence(samples: LabelSamples): number | null {
  return meanOf(
    samples.prompts.map((prompt) =>
      prompt.options && prompt.options.length > 0
        ? klToUniform(countPicks(prompt.texts, prompt.options).counts, prompt.options.length)
        : null,
    ),
  );
}

/**
 * The figures of one label, the paper's way: ROUGE-L within each prompt and then averaged over
 * prompts (so a prompt with more answers weighs no more), distinct-n over all answers at once.
 */
export function measureLabel(
  samples: LabelSamples,
  figures: ModelFigures = NOT_MEASURED,
): EvalResult {
  const texts = samples.prompts.flatMap((prompt) => prompt.texts);
  const answers = texts.length;
  const { cost } = samples;
  const perAnswer = (total: number | null | undefined): number | null =>
    total === null || total === undefined || answers === 0 ? null : total / answers;
  return {
    label: samples.label,
    method: samples.method,
    answers,
    prompts: samples.prompts.length,
    modelCalls: cost?.modelCalls ?? null,
    lost: samples.lost,
    rougeL: meanOf(samples.prompts.map((prompt) => meanPairwiseRougeL(prompt.texts))),
    distinct1: distinctN(texts, 1),
    distinct2: distinctN(texts, 2),
    semanticDiversity: figures.semanticDiversity,
    quality: figures.quality,
    klToUniform: pickDivergence(samples),
    tokensPerAnswer: perAnswer(cost?.tokens),
    latencyMsPerAnswer: perAnswer(cost?.latencyMs),
  };
}
