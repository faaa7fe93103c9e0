import { ConfigError } from "../config/index.js";

/** A --port value: 0 (any free port) to 65535, or the fallback when absent. */
export function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([
      `--port must be a whole number from 0 to 65535 (got ${JSON.stringify(value)})`,
    ]);
  }
  return port;
}

/** A positive whole number flag such as --n or --k, or the fallback when absent. */
export function countOption(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > max) {
    throw new ConfigError([
      `--${flag} must be a whole number from 1 to ${max} (got ${JSON.stringify(value)})`,
    ]);
  }
  return count;
}
