import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { LogFields, Logger } from "../../engine/ports.js";
import type { LogLevel as VsbotLogLevel } from "../../logger.js";

const RANK: Record<VsbotLogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

const BOLT_LEVELS: Record<VsbotLogLevel, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

function fieldsOf(name: string, parts: readonly unknown[]): LogFields {
  const errors = parts.filter((part): part is Error => part instanceof Error);
  const message = parts
    .filter((part) => !(part instanceof Error))
    .map((part) => (typeof part === "string" ? part : JSON.stringify(part)))
    .join(" ");
  return {
    source: name,
    message,
    ...(errors.length > 0 ? { error: errors.length === 1 ? errors[0] : errors } : {}),
  };
}

/**
 * Bolt, its Web API client and its Socket Mode client log through vsbot's JSON logger (which
 * scrubs secrets) as `slack.library` lines. Levels below the configured one are dropped before
 * any formatting: Bolt logs several debug lines per request, on the path to the ack.
 */
export function createBoltLogger(logger: Logger, level: VsbotLogLevel): BoltLogger {
  let name = "bolt";
  const threshold = RANK[level];
  const at =
    (wanted: Exclude<VsbotLogLevel, "silent">) =>
    (...parts: unknown[]): void => {
      if (RANK[wanted] < threshold) return;
      logger[wanted]("slack.library", fieldsOf(name, parts));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: () => {},
    getLevel: () => BOLT_LEVELS[level],
    setName: (next: string) => {
      name = next;
    },
  };
}
