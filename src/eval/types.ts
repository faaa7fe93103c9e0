import type { Method } from "../engine/types.js";

/** The built-in prompt sets of `vsbot eval --task`; any other value names a prompt file. */
export const EVAL_TASKS = ["joke", "poem", "story", "ask", "pick"] as const;
export type EvalTask = (typeof EVAL_TASKS)[number];

/** The responses to one prompt, in the order they were produced or read. */
export interface PromptSamples {
  readonly prompt: string;
  readonly texts: readonly string[];
  /** For prompts that pick from a known set ("a day of the week"): the set, for KL to uniform. */
  readonly options?: readonly string[];
}

/** What producing one label's answers cost, as the eval measured it. */
export interface CallCost {
  /** Requests made through the model client: repairs and failed attempts included. */
  readonly modelCalls: number;
  /** Tokens the server reported for the calls that succeeded; null when it reported none. */
  readonly tokens: number | null;
  /** Time spent in model calls, every attempt included, summed (not wall time). */
  readonly latencyMs: number;
}

/** One row of the evaluation: a file of saved outputs, or one method on the configured model. */
export interface LabelSamples {
  readonly label: string;
  /** The generation method, when known (saved files named after one count as that method). */
  readonly method: Method | null;
  readonly prompts: readonly PromptSamples[];
  /** Answers wanted but never obtained: failed calls, short replies, unreadable lines. */
  readonly lost: number;
  /** Null for saved outputs, which carry no record of their calls. */
  readonly cost: CallCost | null;
}

/**
 * The measured figures of one label. The first eleven fields are the documented JSON contract
 * of `vsbot eval --json`; null wherever a figure was not measured.
 */
export interface EvalResult {
  readonly label: string;
  readonly method: Method | null;
  readonly answers: number;
  readonly prompts: number;
  readonly modelCalls: number | null;
  readonly lost: number;
  /** Mean pairwise word-level ROUGE-L F1 within each prompt, averaged over prompts (0-1). */
  readonly rougeL: number | null;
  /** Distinct word unigrams (bigrams) over all n-grams of all the label's answers (0-1). */
  readonly distinct1: number | null;
  readonly distinct2: number | null;
  /** (1 − mean pairwise clipped cosine similarity) × 100 within each prompt, averaged (0-100). */
  readonly semanticDiversity: number | null;
  /** Mean judge score × 10 (0-100), with --judge. */
  readonly quality: number | null;
  /** Mean over prompts with a known option set of the KL divergence of picks to uniform (nats). */
  readonly klToUniform: number | null;
  readonly tokensPerAnswer: number | null;
  readonly latencyMsPerAnswer: number | null;
}

/** How a run was made, for results.json and summary.md. */
export interface EvalSettings {
  /** "saved-outputs" for --from-jsonl, "model" for a run on the configured model. */
  readonly source: "saved-outputs" | "model";
  /** The built-in task or the prompt file; null for saved outputs. */
  readonly task: string | null;
  /** The saved-output files read, by label; null for a model run. */
  readonly files: Readonly<Record<string, string>> | null;
  /** The model that answered (and judged), as "name at endpoint"; null when none was used. */
  readonly model: string | null;
  readonly embeddingModel: string | null;
  readonly judge: boolean;
  readonly rubric: string | null;
  readonly methods: readonly Method[] | null;
  readonly n: number | null;
  readonly k: number | null;
  readonly tau: number | null;
  readonly wording: string | null;
  readonly temperature: number | null;
  readonly topP: number | null;
  readonly concurrency: number | null;
  readonly retries: number | null;
  /** The label the chart marks as the baseline, or null when the run has none. */
  readonly baseline: string | null;
  readonly startedAt: string;
}

export interface EvalReport {
  readonly results: readonly EvalResult[];
  readonly settings: EvalSettings;
  /** Everything skipped, lost or left unmeasured, one line each. */
  readonly warnings: readonly string[];
}
