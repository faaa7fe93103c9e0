import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig, loadDotEnv } from "./config/index.js";
import { isVsbotError } from "./engine/errors.js";
import { parseCandidates, sortByProbability } from "./engine/parse/index.js";
import type { RunningPlatform } from "./platforms/platform.js";
import { packageVersion } from "./runtime/package-root.js";
import type { Runtime } from "./runtime/runtime.js";

const USAGE = `vsbot: a Discord and Slack chatbot built on Verbalized Sampling

Usage:
  vsbot [start]              start every platform that has credentials; with none, the console chat
  vsbot console [--json]     chat in this terminal; --json reads and writes one JSON event per line
  vsbot discord [--shards auto|N]
                             the Discord gateway bot (DISCORD_TOKEN)
  vsbot discord --http [--port N]
                             the Discord HTTP interactions endpoint at POST /interactions
  vsbot register [--guild ID]
                             register the slash commands with Discord (global, or one guild at once)
  vsbot slack [--port N]     the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT
  vsbot parse [--k N] [--finish-reason R] [--plain]
                             read one raw model reply on stdin, print the candidates it holds as JSON
  vsbot --help | --version

Configuration comes from environment variables (see .env.example). With no OPENAI_API_KEY and
no OPENAI_BASE_URL, vsbot answers with its offline demo model.
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function runParse(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      k: { type: "string" },
      "finish-reason": { type: "string" },
      plain: { type: "boolean", default: false },
    },
  });
  const expected = values.k === undefined ? undefined : Number(values.k);
  if (expected !== undefined && !(Number.isInteger(expected) && expected > 0)) {
    process.stderr.write("vsbot parse: --k must be a positive whole number\n");
    return 2;
  }
  const raw = await readStdin();
  const result = parseCandidates(raw, {
    ...(expected !== undefined ? { expected } : {}),
    ...(values["finish-reason"] ? { finishReason: values["finish-reason"] } : {}),
    allowPlainText: values.plain,
  });
  if (result.candidates.length === 0) {
    const why = result.warnings.length > 0 ? ` (${result.warnings.join("; ")})` : "";
    process.stderr.write(`vsbot parse: no candidate could be recovered from the input${why}\n`);
    return 1;
  }
  const candidates = sortByProbability(result.candidates).map((candidate) => ({
    text: candidate.text,
    probability: candidate.probability,
  }));
  process.stdout.write(`${JSON.stringify({ candidates, warnings: result.warnings })}\n`);
  return 0;
}

// Platforms and the runtime load on demand, so `vsbot parse` and `--help` start quickly.
const discord = () => import("./platforms/discord/index.js");
const slack = () => import("./platforms/slack/index.js");

async function withRuntime(
  config: Config,
  run: (runtime: Runtime) => Promise<void>,
): Promise<number> {
  const { createRuntime } = await import("./runtime/runtime.js");
  const runtime = await createRuntime(config);
  try {
    await run(runtime);
  } finally {
    await runtime.close();
  }
  return 0;
}

/** Runs servers until SIGINT or SIGTERM, then stops them and closes the runtime. */
async function serve(
  config: Config,
  start: (runtime: Runtime) => Promise<readonly RunningPlatform[]>,
): Promise<number> {
  return withRuntime(config, async (runtime) => {
    const running = await start(runtime);
    runtime.logger.info("vsbot.started", {
      platforms: running.map((platform) => platform.name),
      model: runtime.model.description,
      store: runtime.store.kind,
    });
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    runtime.logger.info("vsbot.stopping", {});
    await Promise.allSettled(running.map((platform) => platform.stop()));
  });
}

function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([
      `--port must be a whole number from 0 to 65535 (got ${JSON.stringify(value)})`,
    ]);
  }
  return port;
}

function shardsOption(value: string | undefined): "auto" | number | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return "auto";
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError([
      `--shards must be "auto" or a positive whole number (got ${JSON.stringify(value)})`,
    ]);
  }
  return count;
}

async function runDiscord(config: Config, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      http: { type: "boolean", default: false },
      port: { type: "string" },
      shards: { type: "string" },
    },
  });
  const port = portOption(values.port, config.port);
  const shards = shardsOption(values.shards);
  return serve(config, async (runtime) => [
    values.http
      ? await (await discord()).startDiscordHttp(runtime, { port })
      : await (await discord()).startDiscordGateway(
          runtime,
          shards === undefined ? {} : { shards },
        ),
  ]);
}

async function runRegister(config: Config, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { guild: { type: "string" } } });
  return withRuntime(config, async (runtime) => {
    const result = await (await discord()).registerDiscordCommands(
      config,
      runtime.commands,
      values.guild ? { guild: values.guild } : {},
      runtime.logger,
    );
    process.stdout.write(`Registered ${result.registered} commands (${result.scope}).\n`);
  });
}

async function runConsole(config: Config, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { json: { type: "boolean", default: false } },
  });
  // Info lines on stderr would interleave with the chat in a terminal; keep them for --json.
  const quiet =
    values.json || config.logLevelGiven ? config : { ...config, logLevel: "warn" as const };
  return withRuntime(quiet, async (runtime) => {
    if (values.json) {
      const { runJsonConsole } = await import("./platforms/console/json-console.js");
      await runJsonConsole(runtime, process.stdin, process.stdout);
    } else {
      const { runInteractiveConsole } = await import("./platforms/console/interactive-console.js");
      await runInteractiveConsole(runtime, process.stdin, process.stdout);
    }
  });
}

/** `npm start`: every configured platform, or the console chat when none is. */
async function runStart(config: Config): Promise<number> {
  if (!config.discord?.token && !config.slack) return runConsole(config, []);
  return serve(config, async (runtime) => {
    const running: RunningPlatform[] = [];
    if (config.discord?.token) running.push(await (await discord()).startDiscordGateway(runtime));
    if (config.slack)
      running.push(await (await slack()).startSlack(runtime, { port: config.port }));
    return running;
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (first === "parse") return runParse(rest);
  loadDotEnv();
  const config = loadConfig();
  switch (first ?? "start") {
    case "start":
      return runStart(config);
    case "console":
      return runConsole(config, rest);
    case "discord":
      return runDiscord(config, rest);
    case "register":
      return runRegister(config, rest);
    case "slack": {
      const { values } = parseArgs({ args: rest, options: { port: { type: "string" } } });
      const port = portOption(values.port, config.port);
      return serve(config, async (runtime) => [
        await (await slack()).startSlack(runtime, { port }),
      ]);
    }
    default:
      process.stderr.write(`vsbot: unknown command "${first}"\n\n${USAGE}`);
      return 2;
  }
}

function reportFatal(error: unknown): number {
  if (
    error instanceof ConfigError ||
    (error instanceof Error && error.name === "CommandLoadError")
  ) {
    process.stderr.write(`vsbot: ${error.message}\n`);
    return 2;
  }
  if (isVsbotError(error)) {
    process.stderr.write(`vsbot: ${error.userMessage}\n`);
    return 1;
  }
  if (
    error instanceof Error &&
    error.name === "TypeError" &&
    /parseArgs|option/i.test(error.message)
  ) {
    process.stderr.write(`vsbot: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  process.stderr.write(
    `vsbot: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFatal(error);
  },
);
