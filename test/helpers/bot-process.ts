import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isolatedEnv, VSBOT_BIN } from "./console-process.js";
import { type LogLine, readJsonLog } from "./json-log.js";

export type { LogLine };

/** `vsbot <args>` as a child process, its JSON log read from stderr as it comes. */
export interface BotProcess {
  readonly child: ChildProcess;
  readonly logs: readonly LogLine[];
  /** Resolves with the first log line of this event (already written or still to come). */
  waitForLog(event: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  readonly exited: Promise<number | string>;
}

export interface BotProcessOptions {
  /**
   * In a process group of its own (with the processes it starts), as a terminal runs a
   * command: `process.kill(-child.pid, "SIGINT")` is then what Ctrl+C sends.
   */
  readonly ownGroup?: boolean;
  /** With an IPC channel to this process, as a shard manager forks its shards. */
  readonly ipc?: boolean;
}

export function startBotProcess(
  args: readonly string[],
  env: Record<string, string>,
  options: BotProcessOptions = {},
): BotProcess {
  const child = spawn(process.execPath, [VSBOT_BIN, ...args], {
    cwd: mkdtempSync(join(tmpdir(), "vsbot-bot-")),
    env: isolatedEnv(env),
    stdio: ["ignore", "ignore", "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
    detached: options.ownGroup === true,
  });
  if (!child.stderr) throw new Error("no stderr from the bot process");
  const log = readJsonLog(child.stderr);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return {
    child,
    logs: log.lines,
    waitForLog: (event, timeoutMs = 15_000) => log.waitFor(event, timeoutMs),
    exited,
  };
}
