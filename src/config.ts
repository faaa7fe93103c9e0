import { existsSync } from "node:fs";
import { z } from "zod";
import { METHODS, PROBABILITY_WORDINGS, WEIGHT_MODES } from "./engine/types.js";

/**
 * The one place that reads the environment. Every variable is declared here with its help
 * text; `.env.example` and the README table are checked against this list by a test.
 */

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function duration(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, context) => {
      if (/^(0|none|never|off)$/i.test(text)) return null;
      const match = DURATION.exec(text);
      if (!match) {
        context.addIssue({
          code: "custom",
          message: `must be a duration like 90s, 30m, 24h or 7d, or "none" (got ${JSON.stringify(text)})`,
        });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * (UNIT_MS[(match[2] ?? "s").toLowerCase()] ?? 1000));
    });
}

function integer(fallback: number, min: number, max: number) {
  return z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .default(fallback);
}

function decimal(fallback: number, min: number, max: number, exclusiveMin = false) {
  const range =
    `${exclusiveMin ? "above" : "from"} ${min} ${exclusiveMin ? "and up" : ""} to ${max}`
      .replace(/\s+/g, " ")
      .trim();
  return z.coerce
    .number({ message: `must be a number ${range}` })
    .refine((value) => Number.isFinite(value), `must be a number ${range}`)
    .refine((value) => (exclusiveMin ? value > min : value >= min) && value <= max, {
      message: `must be a number ${range}`,
    })
    .default(fallback);
}

const httpUrl = z
  .string()
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL, e.g. http://localhost:11434/v1")
  .optional();

const mode = z.enum(["auto", "on", "off"], { message: 'must be "auto", "on" or "off"' });
const secret = z.string().optional();

const VARIABLES = {
  OPENAI_API_KEY: secret,
  OPENAI_BASE_URL: httpUrl,
  VSBOT_MODEL: z.string().default("gpt-4.1-mini"),
  VSBOT_METHOD: z
    .enum(METHODS, { message: `must be one of ${METHODS.join(", ")}` })
    .default("vs-standard"),
  VSBOT_K: integer(5, 1, 20),
  VSBOT_TAU: decimal(0.1, 0, 1, true),
  VSBOT_PROBABILITY_WORDING: z
    .enum(PROBABILITY_WORDINGS, { message: `must be one of ${PROBABILITY_WORDINGS.join(", ")}` })
    .default("explicit"),
  VSBOT_WEIGHTS: z
    .enum(WEIGHT_MODES, { message: `must be one of ${WEIGHT_MODES.join(", ")}` })
    .default("verbalized"),
  VSBOT_WEIGHT_TEMPERATURE: decimal(1, 0, 10, true),
  VSBOT_TEMPERATURE: decimal(0.7, 0, 2),
  VSBOT_TOP_P: decimal(1, 0, 1, true),
  VSBOT_MAX_TOKENS: integer(0, 0, 200_000),
  VSBOT_STRUCTURED_OUTPUT: mode.default("auto"),
  VSBOT_SAMPLING_PARAMS: mode.default("auto"),
  VSBOT_MODEL_TIMEOUT: duration("60s"),
  VSBOT_MODEL_RETRIES: integer(2, 0, 10),
  VSBOT_STORE_URL: z
    .string()
    .default("sqlite://./data/vsbot.sqlite")
    .refine((text) => /^(memory:\/\/|sqlite:\/\/.+|rediss?:\/\/.+)$/.test(text), {
      message: "must be memory://, sqlite://<path> or redis://host:port",
    }),
  VSBOT_TAIL_TTL: duration("24h"),
  VSBOT_PERSONA_TTL: duration("7d"),
  VSBOT_PERSONA_TOKEN_BUDGET: integer(3000, 200, 200_000),
  VSBOT_USER_RATE_LIMIT: z
    .string()
    .default("30/1h")
    .transform((text, context) => {
      if (/^(off|none|0)$/i.test(text)) return null;
      const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(text);
      const count = Number(match?.[1]);
      if (!match || !(count > 0)) {
        context.addIssue({
          code: "custom",
          message: 'must be a count per period like 30/1h or 5/10m, or "off"',
        });
        return z.NEVER;
      }
      return {
        count,
        windowMs: Math.round(Number(match[2]) * (UNIT_MS[(match[3] ?? "h").toLowerCase()] ?? 1)),
      };
    }),
  VSBOT_LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"], {
      message: "must be debug, info, warn, error or silent",
    })
    .default("info"),
  VSBOT_SEED: z.coerce.number({ message: "must be a whole number" }).int().optional(),
  VSBOT_DEMO_LATENCY: duration("0"),
  DISCORD_TOKEN: secret,
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,25}$/, "must be the numeric application id from the Developer Portal")
    .optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the 64-character hex public key from the Developer Portal")
    .optional(),
  DISCORD_API_BASE_URL: httpUrl,
  VSBOT_DISCORD_PERSONAS: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
  SLACK_BOT_TOKEN: secret,
  SLACK_SIGNING_SECRET: secret,
  SLACK_APP_TOKEN: secret,
  SLACK_API_URL: httpUrl,
  PORT: integer(3000, 1, 65535),
} as const;

type VariableName = keyof typeof VARIABLES;

/** Help for every variable: what it does and an example value. Shown on config errors. */
export const VARIABLE_HELP: Record<
  VariableName,
  { readonly help: string; readonly example: string; readonly fallback: string }
> = {
  OPENAI_API_KEY: {
    help: "API key for the model server. With neither this nor OPENAI_BASE_URL, vsbot runs the offline demo model.",
    example: "sk-...",
    fallback: "unset",
  },
  OPENAI_BASE_URL: {
    help: "Any OpenAI-compatible server, including the /v1 suffix (Ollama, vLLM, LM Studio, OpenRouter).",
    example: "http://localhost:11434/v1",
    fallback: "unset (OpenAI's API when only a key is set)",
  },
  VSBOT_MODEL: {
    help: "Model name as the server knows it.",
    example: "gpt-4.1-mini",
    fallback: "gpt-4.1-mini",
  },
  VSBOT_METHOD: {
    help: `Default generation method: ${METHODS.join(", ")}.`,
    example: "vs-standard",
    fallback: "vs-standard",
  },
  VSBOT_K: { help: "Candidates per model call (1-20).", example: "5", fallback: "5" },
  VSBOT_TAU: {
    help: 'Tail threshold: calls for "more" ask for candidates each below this probability.',
    example: "0.10",
    fallback: "0.1",
  },
  VSBOT_PROBABILITY_WORDING: {
    help: `How the prompt asks for probabilities: ${PROBABILITY_WORDINGS.join(", ")}.`,
    example: "explicit",
    fallback: "explicit",
  },
  VSBOT_WEIGHTS: {
    help: "How stated probabilities become sampling weights: verbalized (as stated), uniform, or temperature (scaled by VSBOT_WEIGHT_TEMPERATURE).",
    example: "verbalized",
    fallback: "verbalized",
  },
  VSBOT_WEIGHT_TEMPERATURE: {
    help: "With VSBOT_WEIGHTS=temperature: below 1 favours the likeliest candidates, above 1 flattens.",
    example: "1.0",
    fallback: "1",
  },
  VSBOT_TEMPERATURE: {
    help: "Decoding temperature sent to the model.",
    example: "0.7",
    fallback: "0.7",
  },
  VSBOT_TOP_P: { help: "Decoding top-p sent to the model.", example: "1.0", fallback: "1" },
  VSBOT_MAX_TOKENS: {
    help: "Cap on tokens per model reply; 0 leaves it to the server.",
    example: "0",
    fallback: "0",
  },
  VSBOT_STRUCTURED_OUTPUT: {
    help: "JSON-schema structured output: auto (use it, fall back when the server refuses), on, off.",
    example: "auto",
    fallback: "auto",
  },
  VSBOT_SAMPLING_PARAMS: {
    help: "Send temperature/top-p: auto (not to reasoning models that refuse them), on, off.",
    example: "auto",
    fallback: "auto",
  },
  VSBOT_MODEL_TIMEOUT: {
    help: "Timeout per model request attempt; a whole call, retries and their waits included, gets at most (retries + 1) times this plus 20 s per retry.",
    example: "60s",
    fallback: "60s",
  },
  VSBOT_MODEL_RETRIES: {
    help: "Retries on rate limits (429), server errors and dropped connections, honouring Retry-After.",
    example: "2",
    fallback: "2",
  },
  VSBOT_STORE_URL: {
    help: "State store: memory://, sqlite://<path> or redis://host:port.",
    example: "sqlite://./data/vsbot.sqlite",
    fallback: "sqlite://./data/vsbot.sqlite",
  },
  VSBOT_TAIL_TTL: {
    help: 'How long "more like this" buttons keep working (also reply state).',
    example: "24h",
    fallback: "24h",
  },
  VSBOT_PERSONA_TTL: {
    help: "How long an idle persona session is kept; each message renews it.",
    example: "7d",
    fallback: "7d",
  },
  VSBOT_USER_RATE_LIMIT: {
    help: 'Model-calling requests (commands, persona turns) per user per period on Discord and Slack; clicks served from the tail are free. "off" disables it.',
    example: "30/1h",
    fallback: "30/1h",
  },
  VSBOT_PERSONA_TOKEN_BUDGET: {
    help: "Tokens of persona description plus conversation sent per persona turn; the oldest turns are dropped first.",
    example: "3000",
    fallback: "3000",
  },
  VSBOT_LOG_LEVEL: {
    help: "Log level for the JSON log on stderr: debug, info, warn, error, silent.",
    example: "info",
    fallback: "info (warn in the interactive console)",
  },
  VSBOT_SEED: {
    help: "Seed for sampling, for reproducible runs; unset draws fresh randomness.",
    example: "42",
    fallback: "unset",
  },
  VSBOT_DEMO_LATENCY: {
    help: "Simulated latency of the offline demo model.",
    example: "0",
    fallback: "0",
  },
  DISCORD_TOKEN: {
    help: "Discord bot token; when set, `npm start` runs the Discord gateway bot.",
    example: "your-bot-token",
    fallback: "unset",
  },
  DISCORD_APPLICATION_ID: {
    help: "Discord application id, for `vsbot register` and interaction webhooks.",
    example: "123456789012345678",
    fallback: "unset",
  },
  DISCORD_PUBLIC_KEY: {
    help: "Discord application public key, to verify the HTTP interactions endpoint (`vsbot discord --http`).",
    example: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    fallback: "unset",
  },
  DISCORD_API_BASE_URL: {
    help: "Discord REST API base, for proxies and tests; Discord's own by default.",
    example: "https://discord.com/api",
    fallback: "https://discord.com/api",
  },
  VSBOT_DISCORD_PERSONAS: {
    help: "on: personas read messages in their threads (needs the privileged Message Content intent); off: no Message Content intent, personas answer only when mentioned.",
    example: "on",
    fallback: "on",
  },
  SLACK_BOT_TOKEN: {
    help: "Slack bot token (xoxb-...); with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN, `npm start` runs the Slack app.",
    example: "xoxb-...",
    fallback: "unset",
  },
  SLACK_SIGNING_SECRET: {
    help: "Slack signing secret, to verify requests to the HTTP receiver.",
    example: "your-signing-secret",
    fallback: "unset",
  },
  SLACK_APP_TOKEN: {
    help: "Slack app-level token (xapp-...); when set, Slack runs in Socket Mode and needs no public URL.",
    example: "xapp-...",
    fallback: "unset",
  },
  SLACK_API_URL: {
    help: "Slack Web API base, for proxies and tests; Slack's own by default.",
    example: "https://slack.com/api/",
    fallback: "https://slack.com/api/",
  },
  PORT: {
    help: "HTTP port for the Slack receiver and the Discord interactions endpoint.",
    example: "3000",
    fallback: "3000",
  },
};

export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

export const SECRET_NAMES: readonly VariableName[] = [
  "OPENAI_API_KEY",
  "DISCORD_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
];

const schema = z.object(VARIABLES);
type Raw = z.infer<typeof schema>;

export type StructuredMode = z.infer<typeof mode>;

export interface Config {
  readonly model:
    | { readonly kind: "demo"; readonly latencyMs: number }
    | {
        readonly kind: "openai";
        readonly apiKey: string | undefined;
        readonly baseURL: string | undefined;
        readonly model: string;
        readonly timeoutMs: number;
        readonly maxRetries: number;
        readonly maxTokens: number | undefined;
        readonly structuredOutput: StructuredMode;
        readonly samplingParams: StructuredMode;
      };
  readonly sampling: {
    readonly method: Raw["VSBOT_METHOD"];
    readonly k: number;
    readonly tau: number;
    readonly wording: Raw["VSBOT_PROBABILITY_WORDING"];
    readonly weights: Raw["VSBOT_WEIGHTS"];
    readonly weightTemperature: number;
    readonly temperature: number;
    readonly topP: number;
    readonly seed: number | undefined;
  };
  readonly store: {
    readonly url: string;
    readonly tailTtlMs: number | undefined;
    readonly personaTtlMs: number | undefined;
  };
  readonly personaTokenBudget: number;
  /** Per-user limit on model-calling requests, or null for none. */
  readonly userRateLimit: { readonly count: number; readonly windowMs: number } | null;
  /** Present when DISCORD_TOKEN or DISCORD_PUBLIC_KEY is set. */
  readonly discord: {
    readonly token: string | undefined;
    readonly applicationId: string | undefined;
    readonly publicKey: string | undefined;
    readonly apiBaseUrl: string | undefined;
    readonly personas: boolean;
  } | null;
  /** Present when SLACK_BOT_TOKEN is set. */
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
  } | null;
  readonly port: number;
  readonly logLevel: Raw["VSBOT_LOG_LEVEL"];
  /** False when VSBOT_LOG_LEVEL was left unset, so a quieter default may apply. */
  readonly logLevelGiven: boolean;
}

/** Thrown at start-up; its message lists every bad variable with the fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}

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
  const known = (VARIABLE_HELP as Record<string, { help: string; example: string }>)[name];
  if (!known) return `${name}: ${message}`;
  const shown = SECRET_NAMES.includes(name as VariableName)
    ? ""
    : ` (got ${JSON.stringify(values[name] ?? "")})`;
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
    const problems = parsed.error.issues.map((issue) =>
      describeProblem(String(issue.path[0] ?? "config"), issue.message, values),
    );
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  if (raw.SLACK_BOT_TOKEN && !raw.SLACK_SIGNING_SECRET && !raw.SLACK_APP_TOKEN) {
    throw new ConfigError([
      "SLACK_BOT_TOKEN is set but Slack cannot receive events. Fix: set SLACK_APP_TOKEN (xapp-..., Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP receiver on PORT).",
    ]);
  }
  const demo = raw.OPENAI_API_KEY === undefined && raw.OPENAI_BASE_URL === undefined;
  return {
    model: demo
      ? { kind: "demo", latencyMs: raw.VSBOT_DEMO_LATENCY ?? 0 }
      : {
          kind: "openai",
          apiKey: raw.OPENAI_API_KEY,
          baseURL: raw.OPENAI_BASE_URL,
          model: raw.VSBOT_MODEL,
          timeoutMs: raw.VSBOT_MODEL_TIMEOUT ?? 600_000,
          maxRetries: raw.VSBOT_MODEL_RETRIES,
          maxTokens: raw.VSBOT_MAX_TOKENS > 0 ? raw.VSBOT_MAX_TOKENS : undefined,
          structuredOutput: raw.VSBOT_STRUCTURED_OUTPUT,
          samplingParams: raw.VSBOT_SAMPLING_PARAMS,
        },
    sampling: {
      method: raw.VSBOT_METHOD,
      k: raw.VSBOT_K,
      tau: raw.VSBOT_TAU,
      wording: raw.VSBOT_PROBABILITY_WORDING,
      weights: raw.VSBOT_WEIGHTS,
      weightTemperature: raw.VSBOT_WEIGHT_TEMPERATURE,
      temperature: raw.VSBOT_TEMPERATURE,
      topP: raw.VSBOT_TOP_P,
      seed: raw.VSBOT_SEED,
    },
    store: {
      url: raw.VSBOT_STORE_URL,
      tailTtlMs: raw.VSBOT_TAIL_TTL ?? undefined,
      personaTtlMs: raw.VSBOT_PERSONA_TTL ?? undefined,
    },
    personaTokenBudget: raw.VSBOT_PERSONA_TOKEN_BUDGET,
    userRateLimit: raw.VSBOT_USER_RATE_LIMIT,
    discord:
      raw.DISCORD_TOKEN || raw.DISCORD_PUBLIC_KEY
        ? {
            token: raw.DISCORD_TOKEN,
            applicationId: raw.DISCORD_APPLICATION_ID,
            publicKey: raw.DISCORD_PUBLIC_KEY,
            apiBaseUrl: raw.DISCORD_API_BASE_URL,
            personas: raw.VSBOT_DISCORD_PERSONAS === "on",
          }
        : null,
    slack: raw.SLACK_BOT_TOKEN
      ? {
          botToken: raw.SLACK_BOT_TOKEN,
          signingSecret: raw.SLACK_SIGNING_SECRET,
          appToken: raw.SLACK_APP_TOKEN,
          apiUrl: raw.SLACK_API_URL,
        }
      : null,
    port: raw.PORT,
    logLevel: raw.VSBOT_LOG_LEVEL,
    logLevelGiven: values.VSBOT_LOG_LEVEL !== undefined,
  };
}
