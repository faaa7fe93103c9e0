import { mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig, loadDotEnv } from "../config/index.js";
import { VsbotError } from "../engine/errors.js";
import type { Logger } from "../engine/ports.js";
import { createSeededRandom, mathRandom } from "../engine/random.js";
import { METHODS, type Method } from "../engine/types.js";
import type { EvalRequest, MeasureRequest } from "../eval/request.js";
import type { ModelAccess } from "../eval/run-eval.js";
import { countOption } from "./options.js";
import type { CliSubcommand } from "./subcommand.js";

const USAGE = `  vsbot eval --from-jsonl [LABEL=]FILE... [--json] [--out DIR] [--embeddings] [--judge]
                             diversity of saved outputs (one {"prompt","responses"} per line)
  vsbot eval --task joke|poem|story|ask|pick|FILE [--methods LIST] [--n 30] [--prompts 5]
             [--k 5] [--concurrency 4] [--retries 2] [--out DIR] [--json] [--no-embeddings]
             [--judge] [--rubric FILE] [--baseline LABEL] [--dry-run]
                             how much VS buys on the configured model, measured as the paper did`;

const OPTIONS = {
  "from-jsonl": { type: "boolean" },
  task: { type: "string" },
  methods: { type: "string" },
  n: { type: "string" },
  prompts: { type: "string" },
  k: { type: "string" },
  concurrency: { type: "string" },
  retries: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  embeddings: { type: "boolean" },
  "no-embeddings": { type: "boolean" },
  judge: { type: "boolean" },
  rubric: { type: "string" },
  baseline: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

function methodsOption(value: string | undefined): Method[] {
  if (value === undefined) return [...METHODS];
  const names = value
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(METHODS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError([
      `--methods takes a comma-separated list of ${METHODS.join(", ")} (got ${JSON.stringify(value)})`,
    ]);
  }
  return [...new Set(names)] as Method[];
}

function retriesOption(value: string | undefined): number {
  if (value === undefined) return 2;
  const retries = Number(value);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new ConfigError([
      `--retries must be a whole number from 0 to 10 (got ${JSON.stringify(value)})`,
    ]);
  }
  return retries;
}

/** The command line as a request; every mistake is named before any file or model is touched. */
export function evalRequest(
  args: readonly string[],
): EvalRequest & { json: boolean; out: string | undefined } {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
  });
  const fromFiles = values["from-jsonl"] === true;
  if (fromFiles === (values.task !== undefined)) {
    throw new ConfigError([
      "vsbot eval needs either --from-jsonl FILE... or --task TASK, not both",
    ]);
  }
  if (values.embeddings && values["no-embeddings"]) {
    throw new ConfigError(["--embeddings and --no-embeddings contradict each other"]);
  }
  const measure: MeasureRequest = {
    embeddings: fromFiles ? values.embeddings === true : values["no-embeddings"] !== true,
    judge: values.judge === true,
    rubricFile: values.rubric,
    baseline: values.baseline,
    concurrency: countOption("concurrency", values.concurrency, 4, 64),
    retries: retriesOption(values.retries),
  };
  const output = { json: values.json === true, out: values.out };
  if (fromFiles) {
    if (positionals.length === 0) throw new ConfigError(["--from-jsonl needs at least one FILE"]);
    const stray = ["methods", "n", "prompts", "k", "dry-run"].filter(
      (name) => values[name as keyof typeof values] !== undefined,
    );
    if (stray.length > 0) {
      throw new ConfigError([`--${stray.join(", --")} only apply to --task runs`]);
    }
    return { ...measure, ...output, source: "saved-outputs", files: positionals };
  }
  if (positionals.length > 0) {
    throw new ConfigError([`unexpected argument ${JSON.stringify(positionals[0])}`]);
  }
  return {
    ...measure,
    ...output,
    source: "model",
    task: values.task ?? "",
    methods: methodsOption(values.methods),
    n: countOption("n", values.n, 30, 10_000),
    prompts:
      values.prompts === undefined ? undefined : countOption("prompts", values.prompts, 5, 10_000),
    k: values.k === undefined ? undefined : countOption("k", values.k, 5, 20),
    dryRun: values["dry-run"] === true,
  };
}

async function connect(config: Config, logger: Logger): Promise<ModelAccess> {
  const [{ createModel }, { createOpenAIEmbeddings }, { systemClock }] = await Promise.all([
    import("../runtime/runtime.js"),
    import("../model/openai-embeddings.js"),
    import("../runtime/system.js"),
  ]);
  const seed = config.sampling.seed;
  const random = seed === undefined ? mathRandom : createSeededRandom(seed);
  const model = createModel(config, logger, random, systemClock);
  const server = config.model.kind === "openai" ? config.model : null;
  return {
    model,
    demo: server === null,
    embeddingModel: config.embeddingModel,
    embedder: server
      ? createOpenAIEmbeddings({
          ...(server.baseURL ? { baseURL: server.baseURL } : {}),
          ...(server.apiKey ? { apiKey: server.apiKey } : {}),
          model: config.embeddingModel,
          timeoutMs: server.timeoutMs,
          maxRetries: server.maxRetries,
          logger,
        })
      : null,
    sampling: config.sampling,
  };
}

/** Where `vsbot eval` reads its configuration and writes: the process's own, from the CLI. */
export interface EvalIo {
  /** Read only when the run needs a model (or embeddings, or a judge). */
  readonly readConfig: () => Config;
  readonly stdout: NodeJS.WritableStream;
  /** The progress, notices, warnings and log lines. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/**
 * `vsbot eval <args>` without the process around it; a bad request or a failed run throws,
 * as the CLI then reports it. Tests run it in-process against a fake model server.
 */
export async function evalCommand(args: readonly string[], io: EvalIo): Promise<number> {
  const request = evalRequest(args);
  // Made before any model call, so a folder that cannot be written fails the run up front.
  if (request.out !== undefined) await mkdir(request.out, { recursive: true });
  const needsModel = request.source === "model" || request.embeddings || request.judge;
  const config = needsModel ? io.readConfig() : null;
  const [{ createLogger }, { secretsOf }, { systemClock }, { runEval }, { loadCommands }] =
    await Promise.all([
      import("../logger.js"),
      import("../runtime/runtime.js"),
      import("../runtime/system.js"),
      import("../eval/run-eval.js"),
      import("../command-kit/loader.js"),
    ]);
  // A progress bar shares stderr with the log; only errors are logged unless asked for more.
  const logger = createLogger({
    level: config?.logLevelGiven ? config.logLevel : "error",
    secrets: config ? secretsOf(config) : [],
    write: (line) => io.stderr.write(`${line}\n`),
  });
  const { terminalProgress } = await import("../eval/terminal-progress.js");
  const report = await runEval(request, {
    clock: systemClock,
    logger,
    progress: terminalProgress(io.stderr),
    connect: async () => {
      if (!config) throw new VsbotError("internal", "eval connected without a configuration");
      return connect(config, logger);
    },
    loadCommands: () => loadCommands(),
    notice: (line) => io.stderr.write(`${line}\n`),
  });
  if (report === null) return 0;
  const { reportJson, writeReport } = await import("../eval/report/write-report.js");
  const { terminalTable } = await import("../eval/report/table.js");
  if (request.json) io.stdout.write(reportJson(report, { pretty: false }));
  else io.stdout.write(terminalTable(report.results));
  for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (request.out !== undefined) {
    const written = await writeReport(report, request.out);
    io.stderr.write(`Wrote ${written.join(", ")}\n`);
  }
  const answers = report.results.reduce((sum, result) => sum + result.answers, 0);
  if (answers === 0) {
    io.stderr.write("vsbot eval: no answer could be measured\n");
    return 1;
  }
  return 0;
}

/** `vsbot eval`: the configuration (and .env) is read only when the run needs a model. */
export const evalSubcommand: CliSubcommand = {
  name: "eval",
  usage: USAGE,
  needsConfig: false,
  run: (args) =>
    evalCommand(args, {
      readConfig: () => {
        loadDotEnv();
        return loadConfig();
      },
      stdout: process.stdout,
      stderr: process.stderr,
    }),
};
