import { requestCandidates } from "../engine/candidate-call.js";
import { screenCandidates } from "../engine/duplicate-guard.js";
import { isVsbotError, VsbotError } from "../engine/errors.js";
import { candidateKey } from "../engine/parse/index.js";
import type { Logger, ModelClient } from "../engine/ports.js";
import { type EarlierCandidate, type PromptPhase, requestedCount } from "../engine/prompts.js";
import type { TaskSpec } from "../engine/task.js";
import { appendLines, callId, type Dataset, type Totals } from "./dataset-file.js";

/** Earlier samples each new one is compared with; older ones still count when repeated exactly. */
export const GENERATE_COMPARED = 5000;
/** Calls in a row that bring nothing new before the run stops: the model keeps repeating. */
export const FRUITLESS_CALLS = 3;
/** Samples a call for more names (within its fixed budget) and digests. */
const AVOID_WINDOW = 200;

/** Failures of one call that are worth another call rather than the end of the run. */
const RETRYABLE = new Set(["output_unparseable", "output_truncated", "model_empty"]);

export interface GenerationOptions {
  readonly model: ModelClient;
  readonly logger: Logger;
  readonly decoding: { readonly temperature: number; readonly topP: number };
  readonly spec: TaskSpec;
  /** Samples the file should hold at the end, those already in it included. */
  readonly wanted: number;
  readonly dataset: Dataset;
  readonly out: string;
  readonly concurrency: number;
  readonly threshold: number;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export interface Progress extends Totals {
  readonly samples: number;
}

export type StopReason = "done" | "interrupted" | "repeating" | "failed";

export interface GenerationResult {
  /** This run's own calls, tokens and drops, and the samples now in the file. */
  readonly progress: Progress;
  readonly stopped: StopReason;
  readonly error?: VsbotError;
}

/**
 * Calls the model until the file holds `wanted` distinct samples, `concurrency` calls at a
 * time. Each call's new samples, screened by the duplicate guard against everything already
 * in the file, are appended as soon as it returns; a run stopped at any point leaves a file
 * that the next run continues without redoing a call.
 */
export async function runGeneration(options: GenerationOptions): Promise<GenerationResult> {
  const { spec, wanted, signal } = options;
  const texts = [...options.dataset.texts];
  const keys = new Set(texts.map(candidateKey));
  let nextCall = options.dataset.lastCall + 1;
  let latestRound: EarlierCandidate[] = [];
  let fruitless = 0;
  let stopped: StopReason | null = null;
  let failure: VsbotError | undefined;
  let writes = Promise.resolve();
  const totals = { calls: 0, promptTokens: 0, completionTokens: 0, duplicatesDropped: 0 };
  const report = () => options.onProgress?.({ ...totals, samples: texts.length });

  const oneCall = async (): Promise<void> => {
    const id = callId(nextCall++);
    const phase: PromptPhase =
      texts.length === 0
        ? { kind: "initial" }
        : { kind: "more", known: texts.slice(-AVOID_WINDOW), latestRound, tail: false };
    let call: Awaited<ReturnType<typeof requestCandidates>>;
    try {
      call = await requestCandidates(options, spec, phase, { signal });
    } catch (error) {
      if (signal.aborted) return;
      const typed = isVsbotError(error)
        ? error
        : new VsbotError("internal", String(error), { cause: error });
      if (!RETRYABLE.has(typed.code)) {
        stopped ??= "failed";
        failure ??= typed;
        return;
      }
      options.logger.warn("generate.call_failed", { callId: id, code: typed.code });
      if (++fruitless >= FRUITLESS_CALLS) stopped ??= "repeating";
      return;
    }
    totals.calls += call.calls;
    totals.promptTokens += call.usage?.promptTokens ?? 0;
    totals.completionTokens += call.usage?.completionTokens ?? 0;
    const screened = screenCandidates(texts, call.candidates, {
      threshold: options.threshold,
      compared: GENERATE_COMPARED,
    });
    const fresh = screened.kept.filter((candidate) => {
      const key = candidateKey(candidate.text);
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    });
    totals.duplicatesDropped += call.candidates.length - fresh.length;
    const accepted = fresh.slice(0, Math.max(0, wanted - texts.length));
    texts.push(...accepted.map((candidate) => candidate.text));
    latestRound = call.candidates.map((candidate) => ({
      text: candidate.text,
      verbalized: candidate.verbalized,
    }));
    fruitless = accepted.length === 0 ? fruitless + 1 : 0;
    if (fruitless >= FRUITLESS_CALLS) stopped ??= "repeating";
    const lines = accepted.map((candidate) => ({
      text: candidate.text,
      probability: candidate.probability,
      callId: id,
    }));
    writes = writes.then(() => appendLines(options.out, lines));
    await writes;
    report();
  };

  const running = new Set<Promise<void>>();
  const interrupted = aborted(signal);
  const perCall = requestedCount(spec, { kind: "more", known: [] });
  report();
  while (texts.length < wanted && stopped === null) {
    if (signal.aborted) {
      stopped = "interrupted";
      break;
    }
    while (
      running.size < options.concurrency &&
      running.size * perCall < wanted - texts.length &&
      stopped === null
    ) {
      const task: Promise<void> = oneCall().finally(() => running.delete(task));
      running.add(task);
    }
    await Promise.race([...running, interrupted]);
  }
  await Promise.allSettled(running);
  await writes;
  if (signal.aborted && stopped === null && texts.length < wanted) stopped = "interrupted";
  return {
    progress: { ...totals, samples: texts.length },
    stopped: stopped ?? "done",
    ...(failure ? { error: failure } : {}),
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}
