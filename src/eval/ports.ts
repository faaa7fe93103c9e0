/**
 * What the evaluation needs from outside besides the engine's ModelClient: embeddings and a
 * way to show progress. Adapters live elsewhere (src/model/openai-embeddings.ts, the terminal
 * progress bar); tests pass their own.
 */

export interface EmbeddingBatch {
  /** One vector per input text, in input order. */
  readonly vectors: readonly (readonly number[])[];
  /** Tokens the server counted, when it said. */
  readonly promptTokens: number | null;
}

/**
 * Text embeddings from an OpenAI-compatible `/v1/embeddings`. Implementations retry transient
 * failures themselves and throw VsbotError (codes model_*) for everything else.
 */
export interface Embedder {
  /** For reports and logs, e.g. "text-embedding-3-small at 127.0.0.1:8787/v1". */
  readonly description: string;
  embed(texts: readonly string[]): Promise<EmbeddingBatch>;
}

/** One phase of work (generating, embedding, judging) as the user sees it advance. */
export interface ProgressPhase {
  /** One unit done; `failed` when it was lost after every retry. */
  advance(failed: boolean): void;
  finish(): void;
}

export interface Progress {
  /** Starts a phase of `total` units (model calls, embedding requests, judgements). */
  phase(name: string, total: number): ProgressPhase;
}

/** Shows nothing: for --json runs without a terminal, and for tests. */
export const silentProgress: Progress = {
  phase: () => ({ advance: () => {}, finish: () => {} }),
};
