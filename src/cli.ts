import { reportFatal } from "./cli/fatal.js";
import type { CliSubcommand } from "./cli/subcommand.js";
import { loadConfig, loadDotEnv } from "./config/index.js";
import { packageVersion } from "./runtime/package-root.js";

interface ListedSubcommand {
  readonly name: string;
  load(): Promise<CliSubcommand>;
}

/**
 * Every subcommand, in --help order; each lives in a file of its own in src/cli/ and is
 * imported only when it runs (or for --help): `vsbot parse` or `vsbot console` then starts
 * without loading discord.js, Bolt and the rest of what other subcommands need.
 */
const SUBCOMMANDS: readonly ListedSubcommand[] = [
  { name: "start", load: async () => (await import("./cli/start.js")).startSubcommand },
  { name: "console", load: async () => (await import("./cli/console.js")).consoleSubcommand },
  { name: "discord", load: async () => (await import("./cli/discord.js")).discordSubcommand },
  { name: "register", load: async () => (await import("./cli/register.js")).registerSubcommand },
  { name: "slack", load: async () => (await import("./cli/slack.js")).slackSubcommand },
  { name: "parse", load: async () => (await import("./cli/parse.js")).parseSubcommand },
  { name: "eval", load: async () => (await import("./cli/eval.js")).evalSubcommand },
  { name: "doctor", load: async () => (await import("./cli/doctor.js")).doctorSubcommand },
  { name: "generate", load: async () => (await import("./cli/generate.js")).generateSubcommand },
];

async function usage(): Promise<string> {
  const subcommands = await Promise.all(SUBCOMMANDS.map((listed) => listed.load()));
  return `vsbot: a Discord and Slack chatbot built on Verbalized Sampling

Usage:
${subcommands.map((subcommand) => subcommand.usage).join("\n")}
  vsbot --help | --version

Configuration comes from environment variables (see .env.example). With no OPENAI_API_KEY and
no OPENAI_BASE_URL, vsbot answers with its offline demo model.
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(await usage());
    return 0;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const listed = SUBCOMMANDS.find((candidate) => candidate.name === (first ?? "start"));
  if (!listed) {
    process.stderr.write(`vsbot: unknown command "${first}"\n\n${await usage()}`);
    return 2;
  }
  const subcommand = await listed.load();
  if (!subcommand.needsConfig) return subcommand.run(rest);
  loadDotEnv();
  return subcommand.run(rest, loadConfig());
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    process.exitCode = await reportFatal(error, process.stderr, usage);
  },
);
