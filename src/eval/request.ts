import type { Method } from "../engine/types.js";

/** What every run measures beyond the lexical figures, and how hard it pushes the server. */
export interface MeasureRequest {
  /** Semantic diversity from the server's /v1/embeddings. */
  readonly embeddings: boolean;
  /** Quality from the configured model as judge. */
  readonly judge: boolean;
  /** A rubric file other than the built-in one. */
  readonly rubricFile: string | undefined;
  /** The label the chart marks; the direct method's by default. */
  readonly baseline: string | undefined;
  readonly concurrency: number;
  readonly retries: number;
}

/** `vsbot eval --from-jsonl [LABEL=]FILE...` */
export interface SavedOutputsRequest extends MeasureRequest {
  readonly source: "saved-outputs";
  readonly files: readonly string[];
}

/** `vsbot eval --task joke|poem|story|ask|pick|FILE ...` */
export interface ModelRunRequest extends MeasureRequest {
  readonly source: "model";
  readonly task: string;
  readonly methods: readonly Method[];
  readonly n: number;
  /** How many prompts of the set or file; undefined takes 5 built-in ones or a whole file. */
  readonly prompts: number | undefined;
  /** Candidates per VS call; undefined takes VSBOT_K. */
  readonly k: number | undefined;
  /** Print the cost estimate and stop. */
  readonly dryRun: boolean;
}

export type EvalRequest = SavedOutputsRequest | ModelRunRequest;
