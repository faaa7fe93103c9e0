import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

export type LogLine = Record<string, unknown>;

/** A process's JSON log, read line by line as it comes. */
export interface JsonLog {
  readonly lines: readonly LogLine[];
  /** Resolves with the first line of this event (already written or still to come). */
  waitFor(event: string, timeoutMs: number): Promise<LogLine>;
}

/**
 * Reads JSON lines from `input`; a line that is not JSON is kept as `{ event: "text", line }`.
 * `keep` may take a line for itself (returning false), so that it is neither stored nor waited
 * on: a benchmark's thousands of per-request lines, say.
 */
export function readJsonLog(
  input: Readable,
  keep: (entry: LogLine) => boolean = () => true,
): JsonLog {
  const lines: LogLine[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input }).on("line", (line) => {
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      entry = { event: "text", line };
    }
    if (!keep(entry)) return;
    lines.push(entry);
    for (const listener of [...listeners]) listener();
  });
  const waitFor = (event: string, timeoutMs: number) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find((entry) => entry.event === event);
        if (!found) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`the bot did not log ${event}; last lines: ${JSON.stringify(lines.slice(-5))}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { lines, waitFor };
}
