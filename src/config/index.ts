import { existsSync } from "node:fs";
import { z } from "zod";
import { accessArea } from "./access.js";
import { budgetArea } from "./budget.js";
import { discordArea } from "./discord.js";
import { ConfigError } from "./errors.js";
import { limitsArea } from "./limits.js";
import { modelArea } from "./model.js";
import { observabilityArea } from "./observability.js";
import { samplingArea } from "./sampling.js";
import { scenesArea } from "./scenes.js";
import { serverArea } from "./server.js";
import { slackArea } from "./slack.js";
import { storeArea } from "./store.js";
import type { Variable } from "./variable.js";

/**
 * The one place that reads the environment. Each area of the configuration (model,
 * sampling, store, limits, spending, access, each platform, the process, monitoring) declares its variables with their
 * help text in a file of its own; this module parses them all at once and composes the
 * Config. `.env.example` and the README table are checked against this list by a test.
 */

export type { AccessConfig } from "./access.js";
export type { DiscordConfig } from "./discord.js";
export { ConfigError } from "./errors.js";
export type { AutoOnOff as StructuredMode } from "./fields.js";
export type { ModelConfig } from "./model.js";
export type { SamplingConfig } from "./sampling.js";
export type { LogLevel } from "./server.js";
export type { SlackConfig } from "./slack.js";
export type { StoreConfig } from "./store.js";

/** In .env.example order. */
export const CONFIG_AREAS = [
  modelArea,
  samplingArea,
  storeArea,
  limitsArea,
  scenesArea,
  budgetArea,
  accessArea,
  discordArea,
  slackArea,
  serverArea,
  observabilityArea,
] as const;

type PartOf<Area extends { readonly read: (...args: never[]) => unknown }> = ReturnType<
  Area["read"]
>;

export type Config = PartOf<typeof modelArea> &
  PartOf<typeof samplingArea> &
  PartOf<typeof storeArea> &
  PartOf<typeof limitsArea> &
  PartOf<typeof scenesArea> &
  PartOf<typeof budgetArea> &
  PartOf<typeof accessArea> &
  PartOf<typeof discordArea> &
  PartOf<typeof slackArea> &
  PartOf<typeof serverArea> &
  PartOf<typeof observabilityArea>;

const VARIABLES: Readonly<Record<string, Variable>> = Object.assign(
  {},
  ...CONFIG_AREAS.map((area) => area.variables),
);

export const VARIABLE_NAMES: readonly string[] = Object.keys(VARIABLES);

/** Help for every variable: what it does and an example value. Shown on config errors. */
export const VARIABLE_HELP: Readonly<Record<string, Variable>> = VARIABLES;

export const SECRET_NAMES: readonly string[] = VARIABLE_NAMES.filter(
  (name) => VARIABLES[name]?.secret === true,
);

const schema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, entry]) => [name, entry.schema])),
);

/** Blank or whitespace-only values count as unset; values are trimmed. */
function presentValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of VARIABLE_NAMES) {
    const value = env[name]?.trim();
    if (value) values[name] = value;
  }
  return values;
}

function describeProblem(
  name: string,
  message: string,
  values: Readonly<Record<string, string>>,
): string {
  const known = VARIABLES[name];
  if (!known) return `${name}: ${message}`;
  const shown = known.secret ? "" : ` (got ${JSON.stringify(values[name] ?? "")})`;
  return `${name} ${message}${shown}. Fix: set ${name}=${known.example} or remove it to use the default. ${known.help}`;
}

/**
 * Reads `.env` in the working directory into the environment, where this Node has
 * process.loadEnvFile (20.12+); variables already set win. Returns whether a file was read.
 */
export function loadDotEnv(path = ".env"): boolean {
  const load = (process as { loadEnvFile?: (file: string) => void }).loadEnvFile;
  if (typeof load !== "function" || !existsSync(path)) return false;
  load.call(process, path);
  return true;
}

export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const values = presentValues(env);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) =>
        describeProblem(String(issue.path[0] ?? "config"), issue.message, values),
      ),
    );
  }
  const given = new Set(Object.keys(values));
  const problems: string[] = [];
  const parts: object[] = [];
  for (const area of CONFIG_AREAS) {
    try {
      // Each area reads only its own variables; the one schema above has parsed them all.
      parts.push(
        (area.read as (data: unknown, names: ReadonlySet<string>) => object)(parsed.data, given),
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.assign({}, ...parts) as Config;
}
