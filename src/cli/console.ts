import { parseArgs } from "node:util";
import type { Config } from "../config/index.js";
import { checkModelAtStart, withRuntime } from "./serve.js";
import type { CliSubcommand } from "./subcommand.js";

export async function runConsole(config: Config, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { json: { type: "boolean", default: false } },
  });
  // Info lines on stderr would interleave with the chat in a terminal; keep them for --json.
  const quiet =
    values.json || config.logLevelGiven ? config : { ...config, logLevel: "warn" as const };
  return withRuntime(
    quiet,
    async (runtime, monitoring) => {
      const problem = await checkModelAtStart(runtime);
      monitoring?.platformsStarted([{ name: "console", stop: async () => {} }]);
      if (values.json) {
        const { runJsonConsole } = await import("../platforms/console/json-console.js");
        await runJsonConsole(runtime, process.stdin, process.stdout);
      } else {
        const { runInteractiveConsole } = await import(
          "../platforms/console/interactive-console.js"
        );
        await runInteractiveConsole(runtime, process.stdin, process.stdout, problem);
      }
    },
    { monitored: true },
  );
}

export const consoleSubcommand: CliSubcommand = {
  name: "console",
  usage: `  vsbot console [--json]     chat in this terminal; --json reads and writes one JSON event per line`,
  needsConfig: true,
  run: (args, config) => runConsole(config, args),
};
