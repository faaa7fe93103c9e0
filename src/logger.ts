import type { LogFields, Logger } from "./engine/ports.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_KEY = /(api[-_]?key|token|secret|password|authorization|signature)/i;
const REDACTED = "[redacted]";

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Secret values (API keys, tokens) scrubbed from every line wherever they appear. */
  readonly secrets?: readonly (string | undefined)[];
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

function serializeError(error: Error, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message };
  const withCode = error as Error & { code?: unknown; details?: unknown };
  if (withCode.code !== undefined) fields.code = withCode.code;
  if (withCode.details !== undefined) fields.details = withCode.details;
  if (error.cause !== undefined && depth < 3) {
    fields.cause =
      error.cause instanceof Error ? serializeError(error.cause, depth + 1) : String(error.cause);
  }
  return fields;
}

function toLoggable(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return serializeError(value, 0);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => toLoggable(item, depth + 1));
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => [
    key,
    SECRET_KEY.test(key) && typeof item === "string" ? REDACTED : toLoggable(item, depth + 1),
  ]);
  return Object.fromEntries(entries);
}

/**
 * A JSON-lines logger on stderr (stdout belongs to the console chat). Keys that name secrets
 * are redacted, and known secret values are scrubbed from the whole line.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level];
  const secrets = (options.secrets ?? []).filter(
    (secret): secret is string => typeof secret === "string" && secret.length >= 6,
  );
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const emit = (level: Exclude<LogLevel, "silent">, event: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({
        time: now().toISOString(),
        level,
        event,
        ...(toLoggable(fields ?? {}) as object),
      });
    } catch {
      line = JSON.stringify({
        time: now().toISOString(),
        level,
        event,
        note: "fields not serializable",
      });
    }
    for (const secret of secrets) line = line.split(secret).join(REDACTED);
    write(line);
  };

  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}

export const silentLogger: Logger = createLogger({ level: "silent" });
