import { isVsbotError } from "../engine/errors.js";
import type { Clock, Logger, ModelClient } from "../engine/ports.js";
import { judgeCalls, judgeQuality } from "./judge.js";
import { measureLabel } from "./measure.js";
import type { Embedder, Progress } from "./ports.js";
import { embeddingRequests, measureSemanticDiversity } from "./semantic-diversity.js";
import type { EvalResult, LabelSamples } from "./types.js";

export interface MeasureAllOptions {
  /** Null leaves semantic diversity unmeasured. */
  readonly embedder: Embedder | null;
  /** Null leaves quality unmeasured. */
  readonly judge: { readonly model: ModelClient; readonly rubric: string } | null;
  readonly concurrency: number;
  readonly retries: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress: Progress;
}

function reason(error: unknown): string {
  if (isVsbotError(error)) return error.userMessage;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every figure of every label. Figures that need the server are measured after the answers
 * exist, and their failure never costs the answers: a phase that had to stop leaves its
 * figure null, with a warning saying why.
 */
export async function measureAll(
  samples: readonly LabelSamples[],
  options: MeasureAllOptions,
): Promise<{ readonly results: EvalResult[]; readonly warnings: string[] }> {
  const warnings: string[] = [];
  const shared = {
    clock: options.clock,
    logger: options.logger,
    concurrency: options.concurrency,
    retries: options.retries,
  };
  let semantic: readonly (number | null)[] = samples.map(() => null);
  if (options.embedder) {
    const progress = options.progress.phase("embedding", embeddingRequests(samples));
    try {
      const figures = await measureSemanticDiversity(samples, {
        ...shared,
        embedder: options.embedder,
        progress,
      });
      semantic = figures.values;
      warnings.push(...figures.warnings);
    } catch (error) {
      warnings.push(`semantic diversity not measured: ${reason(error)}`);
    } finally {
      progress.finish();
    }
  }
  let quality: readonly (number | null)[] = samples.map(() => null);
  if (options.judge) {
    const progress = options.progress.phase("judging", judgeCalls(samples));
    try {
      const figures = await judgeQuality(samples, { ...shared, ...options.judge, progress });
      quality = figures.values;
      warnings.push(...figures.warnings);
    } catch (error) {
      warnings.push(`quality not measured: ${reason(error)}`);
    } finally {
      progress.finish();
    }
  }
  const results = samples.map((label, index) =>
    measureLabel(label, {
      semanticDiversity: semantic[index] ?? null,
      quality: quality[index] ?? null,
    }),
  );
  return { results, warnings };
}
