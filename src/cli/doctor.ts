import { type Config, ConfigError, loadConfig, loadDotEnv } from "../config/index.js";
import { type CheckResult, fail, formatResult, ok } from "./doctor/check.js";
import { checkModel } from "./doctor/model-check.js";
import { checkAccess, checkDiscord, checkSlack } from "./doctor/platform-checks.js";
import { checkStore } from "./doctor/store-check.js";
import type { CliSubcommand } from "./subcommand.js";

function readConfig(
  env: Readonly<Record<string, string | undefined>> | undefined,
  readDotEnv: boolean,
): { config?: Config; results: CheckResult[] } {
  try {
    const config = loadConfig(env);
    return {
      config,
      results: [ok("configuration", readDotEnv ? "valid (read .env too)." : "valid.")],
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      results: error.problems.map((problem) => {
        const [detail, fix] = problem.split(/ Fix: /, 2);
        return fail("configuration", detail ?? problem, fix ?? "see .env.example.");
      }),
    };
  }
}

/** What `vsbot doctor` checks and where it writes: from the CLI, the process's own. */
export interface DoctorIo {
  /** The variables to check; the process's own (read by the config module) when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether a .env file was read into `env`, which the configuration line says. */
  readonly readDotEnv: boolean;
  readonly stdout: Pick<NodeJS.WritableStream, "write">;
}

/**
 * Checks the configuration, the model server (and that it serves the configured models), the
 * store and each configured platform token, one line per check with the fix for each failure.
 * Returns 0 only when nothing failed.
 */
export async function doctorCommand(io: DoctorIo): Promise<number> {
  const { config, results } = readConfig(io.env, io.readDotEnv);
  const print = (result: CheckResult) => io.stdout.write(`${formatResult(result)}\n`);
  results.forEach(print);
  if (!config) {
    io.stdout.write("Fix the configuration first; the other checks need it.\n");
    return 1;
  }
  const checks = await Promise.all([
    checkModel(config).then((result) => [result]),
    checkStore(config).then((result) => [result]),
    checkDiscord(config),
    checkSlack(config),
    Promise.resolve(checkAccess(config)),
  ]);
  const all = [...results, ...checks.flat()];
  checks.flat().forEach(print);
  const failed = all.filter((result) => result.status === "fail").length;
  io.stdout.write(failed === 0 ? "All checks passed.\n" : `${failed} check(s) failed.\n`);
  return failed === 0 ? 0 : 1;
}

/** `vsbot doctor`, on the environment with .env read into it. */
export const doctorSubcommand: CliSubcommand = {
  name: "doctor",
  usage: `  vsbot doctor               check the configuration, model server, store and platform tokens`,
  needsConfig: false,
  async run() {
    const readDotEnv = loadDotEnv();
    return doctorCommand({ readDotEnv, stdout: process.stdout });
  },
};
