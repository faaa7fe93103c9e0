import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { VsbotError } from "../engine/errors.js";
import type { StateStore } from "../engine/ports.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { openDatabase, retryWhileBusy, type SqliteDatabase } from "./sqlite-database.js";
import { SqliteKeyvStore } from "./sqlite-keyv-store.js";
import {
  countExpired,
  DEFAULT_SWEEP_PACING,
  deleteExpiredRows,
  type SweepPacing,
} from "./sqlite-sweep.js";
import { sweepInWorker, type WorkerSweep } from "./sqlite-sweep-worker.js";
import { SqliteTransactionLock } from "./sqlite-transaction-lock.js";
import { createKeyv, DEFAULT_SWEEP_INTERVAL_MS, type StoreOptions } from "./store-options.js";
import { startSweeping } from "./sweep.js";

/** SQLite's own default: a commit that finds the log this long checkpoints it. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

export interface SqliteStoreOptions extends StoreOptions {
  /** How the expiry sweep splits its work; benchmarks and tests vary it. */
  readonly sweepPacing?: SweepPacing;
}

function unavailable(path: string, error: unknown): VsbotError {
  return new VsbotError("store_unavailable", `cannot open sqlite database at ${path}`, {
    cause: error,
    userMessage: `Cannot open the sqlite database at ${path}. Check VSBOT_STORE_URL and the folder's permissions.`,
  });
}

/**
 * A store in one sqlite file, which several processes may share, through better-sqlite3:
 * a synchronous driver whose statements take microseconds, so a claim's transaction never
 * waits on a thread pool; see the README ("State") for why this driver.
 */
export async function openSqlite(path: string, options: SqliteStoreOptions): Promise<StateStore> {
  let database: SqliteDatabase;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    database = await openDatabase(path);
  } catch (error) {
    throw unavailable(path, error);
  }
  const opened = database;
  const keyv = createKeyv(options, new SqliteKeyvStore(opened));
  const pacing = options.sweepPacing ?? DEFAULT_SWEEP_PACING;
  let inWorker: WorkerSweep | undefined;
  // A batch's worth is deleted here at once; more goes to a worker, off the event loop.
  const sweep = async (): Promise<number> => {
    const now = Date.now();
    const inMemory = path === ":memory:";
    if (inMemory || countExpired(opened, now, pacing.batchRows + 1) <= pacing.batchRows) {
      return deleteExpiredRows(opened, now, pacing);
    }
    // The worker checkpoints as it goes; a claim's commit here must not do it instead.
    opened.pragma("wal_autocheckpoint = 0");
    inWorker = sweepInWorker(path, now, pacing);
    try {
      return await inWorker.done;
    } finally {
      inWorker = undefined;
      if (opened.open) opened.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    }
  };
  const stopSweeping = startSweeping(
    options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    sweep,
    options.logger,
  );
  const lock = new SqliteTransactionLock((sql) => retryWhileBusy(() => opened.exec(sql)));
  return new KeyvStateStore("sqlite", keyv, lock, async () => {
    stopSweeping();
    await inWorker?.stop();
    await keyv.disconnect();
  });
}
