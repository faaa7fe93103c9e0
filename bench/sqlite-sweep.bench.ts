import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { LogFields, Logger } from "../src/engine/ports.js";
import { silentLogger } from "../src/logger.js";
import { openDatabase } from "../src/store/sqlite-database.js";
import { openSqlite } from "../src/store/sqlite-store.js";
import { DEFAULT_SWEEP_PACING, deleteExpiredRows } from "../src/store/sqlite-sweep.js";
import {
  atLeast,
  atMost,
  type BenchContext,
  type Figure,
  informational,
  judged,
} from "./figures.js";
import { percentile } from "./stats.js";

/**
 * The sqlite expiry sweep under load: 100,000 expired rows (and as many live ones) swept by
 * the store's own timer while this process and a second one claim from the same file every
 * few milliseconds. The figure that matters is the longest any claim waited. The issue asks
 * for at most 50 ms; on a loaded machine a process can wait longer than that for a core with
 * no sweep at all, so the bound is 50 ms or the longest claim of the same two processes in the
 * seconds before the sweep, whichever is longer: the sweep may add no stall of its own.
 */
const EXPIRED_ROWS = 100_000;
const LIVE_ROWS = 100_000;
const STALL_TARGET_MS = 50;
/** Claims before the first sweep form the baseline: the same load, no sweep. */
const SWEEP_AFTER_MS = 6000;

const CLAIMER = fileURLToPath(new URL("./fixtures/sqlite-claimer.ts", import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

async function seed(path: string): Promise<void> {
  const database = await openDatabase(path);
  const insert = database.prepare("INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?)");
  const now = Date.now();
  const value = JSON.stringify({ value: { padding: "x".repeat(900) } });
  database.transaction(() => {
    for (let row = 0; row < EXPIRED_ROWS; row += 1)
      insert.run(`vsbot:tail:old-${row}`, value, now - 1000);
    for (let row = 0; row < LIVE_ROWS; row += 1)
      insert.run(`vsbot:tail:live-${row}`, value, now + 3_600_000);
  })();
  database.close();
}

interface OtherProcess {
  start(): void;
  /** Stops its claims and resolves with [start (Date.now()), ms] of each. */
  stop(): Promise<[number, number][]>;
}

async function startOtherProcess(path: string): Promise<OtherProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CLAIMER, path], {
    cwd: PROJECT_ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  lines.on("line", (line) => {
    output.push(line);
    if (line === "ready") markReady();
  });
  const claims = new Promise<[number, number][]>((resolve, reject) => {
    child.once("exit", (code) => {
      const last = output.at(-1);
      if (code !== 0 || !last || last === "ready")
        reject(new Error(`the claimer exited with ${code}`));
      else resolve(JSON.parse(last) as [number, number][]);
    });
  });
  await Promise.race([ready, claims]);
  return {
    start: () => child.stdin.write("go\n"),
    stop: () => {
      child.stdin.end("stop\n");
      return claims;
    },
  };
}

/** Resolves with the first `store.swept` the store logs. */
function sweepWatcher(): { logger: Logger; swept: Promise<{ deleted: number; at: number }> } {
  let resolveSwept: (value: { deleted: number; at: number }) => void = () => {};
  const swept = new Promise<{ deleted: number; at: number }>((resolve) => {
    resolveSwept = resolve;
  });
  const logger: Logger = {
    ...silentLogger,
    debug: (event: string, fields: LogFields = {}) => {
      if (event === "store.swept")
        resolveSwept({ deleted: Number(fields.deleted), at: performance.now() });
    },
  };
  return { logger, swept };
}

function longest(values: readonly number[]): number {
  return values.reduce((max, value) => Math.max(max, value), 0);
}

export async function run(context: BenchContext): Promise<Figure[]> {
  const directory = mkdtempSync(join(tmpdir(), "vsbot-sweep-"));
  const path = join(directory, "sweep.db");
  try {
    await seed(path);
    const other = await startOtherProcess(path);
    const { logger, swept } = sweepWatcher();
    const store = await openSqlite(path, { logger, sweepIntervalMs: SWEEP_AFTER_MS });
    other.start();
    const startedAt = performance.now();
    const sweepStartsAt = Date.now() + SWEEP_AFTER_MS;
    let sweep: { deleted: number; at: number } | undefined;
    void swept.then((result) => {
      sweep = result;
    });
    const claims: [number, number][] = [];
    // Claims arrive as separate events, as clicks do, until well after the sweep ended.
    while (sweep === undefined || performance.now() < sweep.at + 300) {
      if (performance.now() - startedAt > 120_000) throw new Error("the sweep never finished");
      const claimedAt = Date.now();
      const started = performance.now();
      await store.update<number, null>("claims:this-process", (current) => ({
        value: (current ?? 0) + 1,
        result: null,
      }));
      claims.push([claimedAt, performance.now() - started]);
      await sleep(1);
    }
    const otherClaims = await other.stop();
    await store.close();
    const sweepSeconds = (sweep.at - startedAt - SWEEP_AFTER_MS) / 1000;
    context.log(`swept ${sweep.deleted} rows in about ${sweepSeconds.toFixed(2)} s`);

    const database = await openDatabase(path);
    const cpuBefore = process.cpuUsage();
    const rounds = 100;
    for (let round = 0; round < rounds; round += 1) await deleteExpiredRows(database, Date.now());
    const used = process.cpuUsage(cpuBefore);
    database.close();
    const during = (all: [number, number][]) =>
      all.filter(([at]) => at >= sweepStartsAt).map(([, ms]) => ms);
    const before = (all: [number, number][]) =>
      all.filter(([at]) => at < sweepStartsAt - 100).map(([, ms]) => ms);
    const here = during(claims);
    const there = during(otherClaims);
    const noise = longest([...before(claims), ...before(otherClaims)]);
    const bound = Math.max(STALL_TARGET_MS, noise);
    const load = `load average ${(loadavg()[0] ?? Number.NaN).toFixed(2)}`;
    const sorted = [...here].sort((left, right) => left - right);
    return [
      judged("rows swept in one sweep", sweep.deleted, "rows", atLeast(EXPIRED_ROWS)),
      judged(
        "longest claim in this process during the sweep",
        longest(here),
        "ms",
        atMost(bound),
        `${here.length} claims, one a millisecond, on the connection that sweeps; p99 ${percentile(sorted, 0.99).toFixed(2)} ms, ${here.filter((ms) => ms > 20).length} over 20 ms; bound: ${STALL_TARGET_MS} ms or the longest claim before the sweep (${noise.toFixed(0)} ms); ${load}`,
      ),
      judged(
        "longest claim in another process during the sweep",
        longest(there),
        "ms",
        atMost(bound),
        `${there.length} claims, one every 2 ms, from a second process on the same file; ${there.filter((ms) => ms > 20).length} over 20 ms`,
      ),
      informational(
        "longest claim before the sweep, both processes",
        longest([...before(claims), ...before(otherClaims)]),
        "ms",
        `the same claims in the ${SWEEP_AFTER_MS / 1000} s before the sweep began: what the machine's load alone does`,
      ),
      informational(
        "sweep duration, 100k expired rows",
        sweepSeconds,
        "s",
        `in a worker thread, batches of ${DEFAULT_SWEEP_PACING.batchRows} rows with ${DEFAULT_SWEEP_PACING.pauseMs} ms pauses between them`,
      ),
      judged(
        "CPU of a sweep with nothing to delete",
        (used.user + used.system) / 1000 / rounds,
        "ms CPU",
        atMost(1),
        `${LIVE_ROWS} live rows in the table; the expires index finds there is nothing to do`,
      ),
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
