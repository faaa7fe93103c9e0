import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { isolatedEnv, VSBOT_BIN } from "./console-process.js";

export type LogLine = Record<string, unknown>;

/** `vsbot <args>` as a child process, its JSON log read from stderr as it comes. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly logs: readonly LogLine[];
  /** Resolves with the first log line of this event (already written or still to come). */
  waitForLog(event: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  readonly exited: Promise<number | string>;
}

export function startBotProcess(args: readonly string[], env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, [VSBOT_BIN, ...args], {
    cwd: mkdtempSync(join(tmpdir(), "vsbot-bot-")),
    env: isolatedEnv(env),
    stdio: ["ignore", "ignore", "pipe"],
  });
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  if (!child.stderr) throw new Error("no stderr from the bot process");
  createInterface({ input: child.stderr }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ event: "text", line });
    }
    for (const listener of [...listeners]) listener();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const waitForLog = (event: string, timeoutMs = 15_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = logs.find((entry) => entry.event === event);
        if (!found) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`the bot did not log ${event}; last lines: ${JSON.stringify(logs.slice(-5))}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { child, logs, waitForLog, exited };
}
