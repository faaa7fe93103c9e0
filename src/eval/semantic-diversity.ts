import pLimit from "p-limit";
import { semanticDiversity } from "../diversity/cosine-diversity.js";
import type { Clock, Logger } from "../engine/ports.js";
import { CallGuard } from "./call-guard.js";
import { meanOf } from "./measure.js";
import type { Embedder, ProgressPhase } from "./ports.js";
import type { LabelSamples } from "./types.js";

/** Inputs per embeddings request: well under every server's limit (OpenAI takes 2048). */
export const EMBEDDING_BATCH = 96;

/**
 * Characters of one text sent for embedding. OpenAI's embedding models take 8191 tokens per
 * input; this many characters stay below that in any language, and no answer vsbot asks for
 * comes near it.
 */
const MAX_EMBEDDED_CHARS = 8000;

/** Texts that can be embedded: servers reject empty inputs, so blank answers are left out. */
function embeddable(texts: readonly string[]): string[] {
  return texts
    .filter((text) => text.trim() !== "")
    .map((text) => text.slice(0, MAX_EMBEDDED_CHARS));
}

/** The embedding requests a set of samples needs: per prompt with two answers or more. */
export function embeddingRequests(samples: readonly LabelSamples[]): number {
  return samples
    .flatMap((label) => label.prompts)
    .map((prompt) => embeddable(prompt.texts))
    .filter((texts) => texts.length >= 2)
    .reduce((sum, texts) => sum + Math.ceil(texts.length / EMBEDDING_BATCH), 0);
}

export interface SemanticOptions {
  readonly embedder: Embedder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly retries: number;
  /** Advances once per embeddings request. */
  readonly progress: ProgressPhase;
}

export interface SemanticFigures {
  /** Per label, in input order: semantic diversity averaged over its prompts, or null. */
  readonly values: readonly (number | null)[];
  readonly warnings: readonly string[];
}

/**
 * Semantic diversity of every label: each prompt's answers embedded together, their mean
 * pairwise clipped cosine turned into diversity, and the prompts averaged. A prompt whose
 * embeddings failed after retries is left out of its label's mean, with a warning; a label
 * with no prompt left gets null.
 */
export async function measureSemanticDiversity(
  samples: readonly LabelSamples[],
  options: SemanticOptions,
): Promise<SemanticFigures> {
  const limit = pLimit(options.concurrency);
  const guard = new CallGuard({ clock: options.clock, retries: options.retries });
  const warnings: string[] = [];
  const embed = (texts: string[]) =>
    limit(async () => {
      const batch = await guard.run(
        () => options.embedder.embed(texts),
        ({ error }) => {
          if (error)
            options.logger.warn("eval.embeddings_failed", {
              code: error.code,
              message: error.message,
            });
        },
      );
      options.progress.advance(batch === null);
      return batch?.vectors ?? null;
    });

  const promptDiversity = async (label: string, prompt: string, texts: readonly string[]) => {
    const inputs = embeddable(texts);
    if (inputs.length < 2) return null;
    const chunks: string[][] = [];
    for (let start = 0; start < inputs.length; start += EMBEDDING_BATCH) {
      chunks.push(inputs.slice(start, start + EMBEDDING_BATCH));
    }
    const vectors = await Promise.all(chunks.map(embed));
    if (vectors.some((chunk) => chunk === null)) {
      warnings.push(
        `${label}: embeddings failed for "${prompt.slice(0, 60)}"; left out of its semantic diversity`,
      );
      return null;
    }
    if (inputs.length < texts.length) {
      warnings.push(
        `${label}: ${texts.length - inputs.length} blank answer(s) to "${prompt.slice(0, 60)}" not embedded`,
      );
    }
    return semanticDiversity(vectors.flatMap((chunk) => chunk ?? []));
  };

  const values = await Promise.all(
    samples.map(async (label) =>
      meanOf(
        await Promise.all(
          label.prompts.map((prompt) => promptDiversity(label.label, prompt.prompt, prompt.texts)),
        ),
      ),
    ),
  );
  return { values, warnings };
}
