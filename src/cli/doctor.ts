import { type Config, ConfigError, loadConfig, loadDotEnv } from "../config/index.js";
import { type CheckResult, fail, formatResult, ok } from "./doctor/check.js";
import { checkModel } from "./doctor/model-check.js";
import { checkAccess, checkDiscord, checkSlack } from "./doctor/platform-checks.js";
import { checkStore } from "./doctor/store-check.js";
import type { CliSubcommand } from "./subcommand.js";

function readConfig(): { config?: Config; results: CheckResult[] } {
  const dotEnv = loadDotEnv();
  try {
    const config = loadConfig();
    return { config, results: [ok("configuration", dotEnv ? "valid (read .env too)." : "valid.")] };
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

/**
 * `vsbot doctor`: checks the configuration, the model server (and that it serves the
 * configured models), the store and each configured platform token, one line per check with
 * the fix for each failure. Exits 0 only when nothing failed.
 */
export const doctorSubcommand: CliSubcommand = {
  name: "doctor",
  usage: `  vsbot doctor               check the configuration, model server, store and platform tokens`,
  needsConfig: false,
  async run() {
    const { config, results } = readConfig();
    const print = (result: CheckResult) => process.stdout.write(`${formatResult(result)}\n`);
    results.forEach(print);
    if (!config) {
      process.stdout.write("Fix the configuration first; the other checks need it.\n");
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
    process.stdout.write(failed === 0 ? "All checks passed.\n" : `${failed} check(s) failed.\n`);
    return failed === 0 ? 0 : 1;
  },
};
