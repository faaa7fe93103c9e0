import { consoleSubcommand } from "./cli/console.js";
import { discordSubcommand } from "./cli/discord.js";
import { doctorSubcommand } from "./cli/doctor.js";
import { evalSubcommand } from "./cli/eval.js";
import { generateSubcommand } from "./cli/generate.js";
import { parseSubcommand } from "./cli/parse.js";
import { registerSubcommand } from "./cli/register.js";
import { slackSubcommand } from "./cli/slack.js";
import { startSubcommand } from "./cli/start.js";
import type { CliSubcommand } from "./cli/subcommand.js";
import { ConfigError, loadConfig, loadDotEnv } from "./config/index.js";
import { isVsbotError } from "./engine/errors.js";
import { packageVersion } from "./runtime/package-root.js";

/** Every subcommand, in --help order; each lives in a file of its own in src/cli/. */
const SUBCOMMANDS: readonly CliSubcommand[] = [
  startSubcommand,
  consoleSubcommand,
  discordSubcommand,
  registerSubcommand,
  slackSubcommand,
  parseSubcommand,
  evalSubcommand,
  doctorSubcommand,
  generateSubcommand,
];

const USAGE = `vsbot: a Discord and Slack chatbot built on Verbalized Sampling

Usage:
${SUBCOMMANDS.map((subcommand) => subcommand.usage).join("\n")}
  vsbot --help | --version

Configuration comes from environment variables (see .env.example). With no OPENAI_API_KEY and
no OPENAI_BASE_URL, vsbot answers with its offline demo model.
`;

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
  const subcommand = SUBCOMMANDS.find((candidate) => candidate.name === (first ?? "start"));
  if (!subcommand) {
    process.stderr.write(`vsbot: unknown command "${first}"\n\n${USAGE}`);
    return 2;
  }
  if (!subcommand.needsConfig) return subcommand.run(rest);
  loadDotEnv();
  return subcommand.run(rest, loadConfig());
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
