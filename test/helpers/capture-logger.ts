import type { LogFields, Logger } from "../../src/engine/ports.js";
import { createLogger } from "../../src/logger.js";

export interface CapturedLine {
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** A real logger (with redaction) whose JSON lines are kept for assertions. */
export function captureLogger(secrets: readonly string[] = []): Logger & {
  readonly lines: CapturedLine[];
  readonly raw: string[];
} {
  const raw: string[] = [];
  const lines: CapturedLine[] = [];
  const logger = createLogger({
    level: "debug",
    secrets,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as CapturedLine);
    },
  });
  return {
    lines,
    raw,
    debug: (event: string, fields?: LogFields) => logger.debug(event, fields),
    info: (event: string, fields?: LogFields) => logger.info(event, fields),
    warn: (event: string, fields?: LogFields) => logger.warn(event, fields),
    error: (event: string, fields?: LogFields) => logger.error(event, fields),
  };
}
