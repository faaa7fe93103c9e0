import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { readJsonLog } from "../test/helpers/json-log.js";

/** utime + stime of a process from /proc, in ms (clock ticks are 100 a second on Linux). */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const BIN = fileURLToPath(new URL("../bin/vsbot.js", import.meta.url));

export interface BotProcess {
  /** CPU milliseconds (user + system) the bot process has used so far; NaN off Linux. */
  cpuMs(): number;
  /** The deferral times (ms) the bot logged for these interactions, once all are in. */
  deferralTimes(ids: readonly string[]): Promise<number[]>;
  waitForLog(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Runs `vsbot <args>` (the compiled CLI, as users run it) as a child process and reads its
 * JSON log from stderr.
 */
export async function startBot(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (!child.stderr) throw new Error("no stderr from the bot process");
  const deferrals = new Map<string, number>();
  // Deferral lines (one per interaction) are taken as they come rather than kept.
  const log = readJsonLog(child.stderr, (entry) => {
    if (entry.event !== "discord.deferred") return true;
    deferrals.set(String(entry.interaction), Number(entry.ms));
    return false;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waitForLog = (event: string, timeoutMs = 30_000) => log.waitFor(event, timeoutMs);
  const deferralTimes = async (ids: readonly string[]) => {
    for (let waited = 0; waited < 10_000 && ids.some((id) => !deferrals.has(id)); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return ids.map((id) => deferrals.get(id) ?? Number.NaN);
  };
  return {
    cpuMs: () => processCpuMs(child.pid),
    deferralTimes,
    waitForLog,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The fake model in its own process, so its work does not slow the load generator here. */
export async function startModelProcess(
  latencyMs: number,
): Promise<{ baseURL: string; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL("../test/fakes/fake-openai-server.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", entry, "--port", "0", "--latency", String(latencyMs)],
    { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (!child.stdout) throw new Error("no stdout from the fake model process");
  const baseURL = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const found = /baseURL: (\S+)/.exec(line)?.[1];
      if (found) resolve(found);
    });
    child.once("exit", () => reject(new Error("the fake model process exited")));
  });
  return {
    baseURL,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
