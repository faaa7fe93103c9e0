import { existsSync } from "node:fs";
import { checkBaseline, completeReport } from "./complete-report.js";
import { type EvalDependencies, invalidRequest, type ModelAccess } from "./dependencies.js";
import { describeEstimate, estimateCost } from "./estimate.js";
import {
  commandPrompts,
  commandSettings,
  type EvalPrompt,
  type PromptSettings,
  plainPrompts,
  sampleCommand,
} from "./eval-prompts.js";
import { callsFor, generateSamples } from "./generate.js";
import { DEFAULT_RUBRIC_FILE, readRubric } from "./judge.js";
import { readPromptFile } from "./prompt-file.js";
import { PROMPT_SETS } from "./prompt-sets.js";
import type { ModelRunRequest } from "./request.js";
import { EVAL_TASKS, type EvalReport, type EvalTask, type LabelSamples } from "./types.js";

const DEFAULT_PROMPTS = 5;

function isTask(task: string): task is EvalTask {
  return (EVAL_TASKS as readonly string[]).includes(task);
}

interface RunPrompts {
  readonly prompts: EvalPrompt[];
  /** The settings the prompts are asked with, for the report. */
  readonly settings: PromptSettings;
}

async function promptsOf(
  request: ModelRunRequest,
  access: ModelAccess,
  dependencies: EvalDependencies,
): Promise<RunPrompts> {
  const configured: PromptSettings = {
    k: access.sampling.k,
    tau: access.sampling.tau,
    wording: access.sampling.wording,
  };
  const builtIn = isTask(request.task);
  if (!builtIn && !existsSync(request.task)) {
    throw invalidRequest(
      `--task ${request.task} is neither one of ${EVAL_TASKS.join(", ")} nor a prompt file that exists`,
    );
  }
  const seeds = builtIn ? PROMPT_SETS[request.task] : await readPromptFile(request.task);
  const count = request.prompts ?? (builtIn ? DEFAULT_PROMPTS : seeds.length);
  if (count > seeds.length) {
    throw invalidRequest(
      builtIn
        ? `--prompts ${count}: the built-in ${request.task} set has ${seeds.length} prompts; give a prompt file for more`
        : `--prompts ${count}: ${request.task} holds only ${seeds.length} prompt(s)`,
    );
  }
  const chosen = seeds.slice(0, count);
  if (!builtIn) {
    const settings = { ...configured, k: request.k ?? configured.k };
    return { prompts: plainPrompts(chosen, settings), settings };
  }
  const command = sampleCommand(request.task, await dependencies.loadCommands());
  const settings = commandSettings(command, { configured, k: request.k });
  return { prompts: commandPrompts(command, chosen, settings), settings };
}

/**
 * `vsbot eval --task`: the prompts asked with every method on the configured model, after the
 * cost estimate; null on a dry run, which stops after the estimate.
 */
export async function modelRun(
  request: ModelRunRequest,
  dependencies: EvalDependencies,
  startedAt: string,
): Promise<EvalReport | null> {
  checkBaseline(request.methods, request.baseline);
  const access = await dependencies.connect();
  const { prompts, settings } = await promptsOf(request, access, dependencies);
  if (access.demo) {
    dependencies.notice(
      "Note: no model is configured, so this measures the offline demo model. Set OPENAI_API_KEY or OPENAI_BASE_URL (with VSBOT_MODEL) to measure yours.",
    );
  }
  const rubric =
    request.judge && !access.demo
      ? await readRubric(request.rubricFile ?? DEFAULT_RUBRIC_FILE)
      : null;
  const estimate = estimateCost({
    prompts,
    methods: request.methods,
    n: request.n,
    embeddings: request.embeddings && access.embedder !== null,
    rubric,
  });
  dependencies.notice(
    `Evaluating ${request.task}: ${prompts.length} prompts × ${request.methods.length} methods × ${request.n} answers on ${access.model.description}.`,
  );
  dependencies.notice(describeEstimate(estimate));
  if (request.dryRun) return null;

  const plannedCalls = prompts.reduce(
    (sum, prompt) =>
      sum +
      request.methods.reduce((calls, method) => calls + callsFor(prompt, method, request.n), 0),
    0,
  );
  const progress = dependencies.progress.phase("generating", plannedCalls);
  let samples: LabelSamples[];
  try {
    samples = await generateSamples({
      model: access.model,
      logger: dependencies.logger,
      clock: dependencies.clock,
      decoding: { temperature: access.sampling.temperature, topP: access.sampling.topP },
      prompts,
      methods: request.methods,
      n: request.n,
      concurrency: request.concurrency,
      retries: request.retries,
      progress,
    });
  } finally {
    progress.finish();
  }
  const warnings = samples
    .filter((label) => label.lost > 0)
    .map(
      (label) =>
        `${label.label}: ${label.lost} of ${request.n * prompts.length} answers lost to failed calls or short replies`,
    );
  return completeReport(request, { samples, warnings, access }, dependencies, {
    source: "model",
    task: request.task,
    files: null,
    model: access.model.description,
    methods: request.methods,
    n: request.n,
    k: settings.k,
    tau: settings.tau,
    wording: settings.wording,
    temperature: access.sampling.temperature,
    topP: access.sampling.topP,
    concurrency: request.concurrency,
    retries: request.retries,
    startedAt,
  });
}
