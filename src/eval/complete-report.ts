import type { ModelClient } from "../engine/ports.js";
import { type EvalDependencies, invalidRequest, type ModelAccess } from "./dependencies.js";
import { DEFAULT_RUBRIC_FILE, readRubric } from "./judge.js";
import { measureAll } from "./measure-all.js";
import type { Embedder } from "./ports.js";
import type { EvalRequest } from "./request.js";
import type { EvalReport, EvalResult, EvalSettings, LabelSamples } from "./types.js";

/** Refuses a --baseline that names none of the labels; called before any model call. */
export function checkBaseline(labels: readonly string[], requested: string | undefined): void {
  if (requested !== undefined && !labels.includes(requested)) {
    throw invalidRequest(`--baseline ${requested} is not one of the labels: ${labels.join(", ")}`);
  }
}

/** The label the chart marks: the one asked for, else the first direct one, else none. */
function chooseBaseline(results: readonly EvalResult[], requested: string | undefined) {
  checkBaseline(
    results.map((result) => result.label),
    requested,
  );
  return requested ?? results.find((result) => result.method === "direct")?.label ?? null;
}

export interface AnsweredRun {
  readonly samples: readonly LabelSamples[];
  readonly warnings: readonly string[];
  readonly access: ModelAccess | null;
}

/**
 * The report of a run whose answers exist: every figure measured (the server's figures only
 * where the run has a server), the baseline chosen and the warnings gathered.
 */
export async function completeReport(
  request: EvalRequest,
  run: AnsweredRun,
  dependencies: EvalDependencies,
  settings: Omit<EvalSettings, "baseline" | "embeddingModel" | "judge" | "rubric">,
): Promise<EvalReport> {
  const warnings = [...run.warnings];
  let embedder: Embedder | null = null;
  if (request.embeddings && run.access) {
    embedder = run.access.embedder;
    if (!embedder)
      warnings.push("semantic diversity not measured: the offline demo model has no embeddings");
  }
  let judge: { model: ModelClient; rubric: string } | null = null;
  const rubricFile = request.rubricFile ?? DEFAULT_RUBRIC_FILE;
  if (request.judge && run.access) {
    if (run.access.demo) warnings.push("quality not measured: the offline demo model cannot judge");
    else judge = { model: run.access.model, rubric: await readRubric(rubricFile) };
  }
  const measured = await measureAll(run.samples, {
    embedder,
    judge,
    concurrency: request.concurrency,
    retries: request.retries,
    clock: dependencies.clock,
    logger: dependencies.logger,
    progress: dependencies.progress,
  });
  return {
    results: measured.results,
    settings: {
      ...settings,
      embeddingModel: embedder ? (run.access?.embeddingModel ?? null) : null,
      judge: judge !== null,
      rubric: judge ? rubricFile : null,
      baseline: chooseBaseline(measured.results, request.baseline),
    },
    warnings: [...warnings, ...measured.warnings],
  };
}
