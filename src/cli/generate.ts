import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { type Config, ConfigError } from "../config/index.js";
import { VsbotError } from "../engine/errors.js";
import { createSeededRandom, mathRandom } from "../engine/random.js";
import type { TaskSpec } from "../engine/task.js";
import { METHODS, type Method } from "../engine/types.js";
import { appendLines, readDataset, type SummaryLine } from "../generate/dataset-file.js";
import { estimateCost } from "../generate/estimate.js";
import { type GenerationResult, runGeneration } from "../generate/generation.js";
import { createLogger } from "../logger.js";
import { DEMO_NOTICE } from "../model/demo-model.js";
import { createModel, secretsOf } from "../runtime/runtime.js";
import { systemClock } from "../runtime/system.js";
import { countOption } from "./options.js";
import type { CliSubcommand } from "./subcommand.js";

const USAGE = `  vsbot generate "<instruction>" --out FILE [--n N] [--method M] [--k K] [--concurrency C] [--dry-run]
                             write N diverse samples for a data set as JSON lines; run again to resume`;

const DEFAULT_SAMPLES = 100;
const MAX_CONCURRENCY = 16;

const GUIDANCE =
  "You write samples for a data set. Each response is one complete, self-contained sample that follows the instruction; different responses differ in substance, not only in wording.";

interface Arguments {
  readonly instruction: string;
  readonly out: string;
  readonly wanted: number;
  readonly method: Method;
  readonly k: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
}

function readArguments(args: readonly string[], config: Config): Arguments {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      n: { type: "string" },
      out: { type: "string" },
      method: { type: "string" },
      k: { type: "string" },
      concurrency: { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
  });
  const instruction = positionals.join(" ").trim();
  const problems: string[] = [];
  if (!instruction)
    problems.push(
      'give the instruction, e.g. vsbot generate "Write a grade-school math word problem" --out data.jsonl',
    );
  if (!values.out) problems.push("--out is required: the JSONL file to write (or to resume)");
  const method = values.method ?? config.sampling.method;
  if (!(METHODS as readonly string[]).includes(method)) {
    problems.push(`--method must be one of ${METHODS.join(", ")} (got ${JSON.stringify(method)})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    instruction,
    out: values.out ?? "",
    wanted: countOption("n", values.n, DEFAULT_SAMPLES),
    method: method as Method,
    k: countOption("k", values.k, config.sampling.k, 20),
    concurrency: countOption("concurrency", values.concurrency, 1, MAX_CONCURRENCY),
    dryRun: values["dry-run"],
  };
}

/** Where `vsbot generate` writes, and how it hears of Ctrl-C: from the CLI, the process's own. */
export interface GenerateIo {
  /** The summary line, once the run ends. */
  readonly stdout: NodeJS.WritableStream;
  /** The estimate, the progress bar, notes and log lines. */
  readonly stderr: NodeJS.WritableStream;
  /** Calls `interrupt` on Ctrl-C (or SIGTERM) until the function it returns is called. */
  onInterrupt(interrupt: () => void): () => void;
}

function processIo(): GenerateIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(interrupt) {
      process.once("SIGINT", interrupt);
      process.once("SIGTERM", interrupt);
      return () => {
        process.off("SIGINT", interrupt);
        process.off("SIGTERM", interrupt);
      };
    },
  };
}

const number = (value: number) => Math.round(value).toLocaleString("en-US");

function startBar(stream: NodeJS.WritableStream, total: number, done: number): SingleBar {
  const bar = new SingleBar({
    format:
      "generating [{bar}] {value}/{total} samples | {calls} calls | {tokens} tokens | {dropped} repeats dropped",
    stream,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    barsize: 24,
  });
  bar.start(total, done, { calls: 0, tokens: 0, dropped: 0 });
  return bar;
}

function stopMessage(result: GenerationResult, wanted: number, out: string): string {
  const { samples } = result.progress;
  switch (result.stopped) {
    case "done":
      return `${out} holds ${samples} samples.`;
    case "interrupted":
      return `Interrupted at ${samples} of ${wanted} samples; run the same command again to continue.`;
    case "repeating":
      return `Stopped at ${samples} of ${wanted} samples: the model's last calls brought nothing new. Run again later, raise --k, or reword the instruction.`;
    case "failed":
      return `Stopped at ${samples} of ${wanted} samples: ${result.error?.userMessage ?? "the model failed"}`;
  }
}

/**
 * `vsbot generate <args>` without the process around it; a bad request throws, as the CLI then
 * reports it. Tests resume a run in-process against a fake model server.
 */
export async function generateCommand(
  args: readonly string[],
  config: Config,
  io: GenerateIo,
): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const options = readArguments(args, config);
  const logger = createLogger({
    level: config.logLevelGiven ? config.logLevel : "warn",
    secrets: secretsOf(config),
    write: say,
  });
  const dataset = await readDataset(options.out, { repair: !options.dryRun });
  if (dataset.instruction !== null && dataset.instruction !== options.instruction) {
    throw new VsbotError("invalid_input", `${options.out} holds samples for another instruction`, {
      userMessage: `${options.out} was generated for another instruction (${JSON.stringify(dataset.instruction)}). Use another --out file, or the same instruction to resume.`,
    });
  }
  for (const note of dataset.notes) say(`${options.out}: ${note}.`);
  const spec: TaskSpec = {
    task: "generate",
    instruction: options.instruction,
    subject: options.instruction,
    guidance: GUIDANCE,
    method: options.method,
    k: options.k,
    tau: config.sampling.tau,
    wording: config.sampling.wording,
  };
  const remaining = Math.max(0, options.wanted - dataset.texts.length);
  const estimate = estimateCost(spec, remaining, dataset.texts);
  if (config.model.kind === "demo") say(DEMO_NOTICE);
  if (dataset.texts.length > 0)
    say(`${options.out} already holds ${dataset.texts.length} samples.`);
  say(
    `Estimate: about ${number(estimate.calls)} calls (${options.method}, k=${options.k}) for ${remaining} more samples, about ${number(estimate.tokens)} tokens (${number(estimate.promptTokensPerCall)} prompt + ${number(estimate.completionTokensPerCall)} completion a call, ${estimate.assumed ? "assuming" : "measuring"} about ${estimate.sampleTokens} tokens a sample). Repeats the duplicate guard drops add calls.`,
  );
  if (options.dryRun) return 0;

  const controller = new AbortController();
  const stopListening = io.onInterrupt(() => controller.abort());
  const bar = startBar(io.stderr, options.wanted, dataset.texts.length);
  let result: GenerationResult;
  try {
    const random =
      config.sampling.seed === undefined ? mathRandom : createSeededRandom(config.sampling.seed);
    result = await runGeneration({
      model: createModel(config, logger, random, systemClock),
      logger,
      decoding: { temperature: config.sampling.temperature, topP: config.sampling.topP },
      spec,
      wanted: options.wanted,
      dataset,
      out: options.out,
      concurrency: options.concurrency,
      threshold: config.sampling.duplicateThreshold,
      signal: controller.signal,
      onProgress: (progress) =>
        bar.update(progress.samples, {
          calls: progress.calls,
          tokens: number(progress.promptTokens + progress.completionTokens),
          dropped: progress.duplicatesDropped,
        }),
    });
  } finally {
    bar.stop();
    stopListening();
  }
  const promptTokens = dataset.totals.promptTokens + result.progress.promptTokens;
  const completionTokens = dataset.totals.completionTokens + result.progress.completionTokens;
  const summary: SummaryLine = {
    summary: true,
    instruction: options.instruction,
    method: options.method,
    k: options.k,
    samples: result.progress.samples,
    calls: dataset.totals.calls + result.progress.calls,
    tokens: promptTokens + completionTokens,
    promptTokens,
    completionTokens,
    duplicatesDropped: dataset.totals.duplicatesDropped + result.progress.duplicatesDropped,
  };
  await appendLines(options.out, [summary]);
  say(stopMessage(result, options.wanted, options.out));
  io.stdout.write(`${JSON.stringify(summary)}\n`);
  if (result.stopped === "interrupted") return 130;
  return result.stopped === "done" ? 0 : 1;
}

/** `vsbot generate`: N diverse samples for training or test data, resumable. */
export const generateSubcommand: CliSubcommand = {
  name: "generate",
  usage: USAGE,
  needsConfig: true,
  run: (args, config) => generateCommand(args, config, processIo()),
};
