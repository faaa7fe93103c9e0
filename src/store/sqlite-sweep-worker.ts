import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { TABLE } from "./sqlite-database.js";
import type { SweepPacing } from "./sqlite-sweep.js";

/**
 * The sweep as plain JavaScript for a worker thread, with its own connection to the file.
 * better-sqlite3 is synchronous, so on the main thread every batch, and above all every WAL
 * checkpoint a burst of deletes brings (two fsyncs, tens of ms), would stall the event loop
 * and with it every claim. Here the worker pays for both: it checkpoints (PASSIVE, which
 * takes no lock) every few batches, so the log never grows to the 1000 pages at which a
 * claim's commit would checkpoint it instead. Claims wait only while a batch holds the lock.
 * Inline source, not a file: it runs the same from src/ under tsx and from dist/.
 */
/** Batches between checkpoints: a batch of 100 rows logs about 30 pages. */
const CHECKPOINT_EVERY = 4;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const { path, now, batchRows, pauseMs } = workerData;
let stopped = false;
parentPort.on("message", (message) => { if (message === "stop") stopped = true; });
const database = new Database(path, { timeout: 5000 });
database.pragma("wal_autocheckpoint = 0");
const batch = database.prepare(
  "DELETE FROM ${TABLE} WHERE rowid IN (SELECT rowid FROM ${TABLE} WHERE expires <= ? LIMIT ?)",
);
const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
(async () => {
  let deleted = 0;
  for (let batches = 1; !stopped; batches += 1) {
    const { changes } = batch.run(now, batchRows);
    deleted += changes;
    if (changes < batchRows) break;
    if (batches % ${CHECKPOINT_EVERY} === 0) database.pragma("wal_checkpoint(PASSIVE)");
    await pause();
  }
  database.pragma("wal_checkpoint(PASSIVE)");
  database.close();
  parentPort.postMessage({ deleted });
})().catch((error) => {
  try { database.close(); } catch {}
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
`;

export interface WorkerSweep {
  /** Rows deleted, once the worker is done. */
  readonly done: Promise<number>;
  /** Asks the worker to stop after its current batch, and waits for it. */
  stop(): Promise<void>;
}

/** Sweeps expired rows of the database file at `path` from a worker thread. */
export function sweepInWorker(path: string, now: number, pacing: SweepPacing): WorkerSweep {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, now, batchRows: pacing.batchRows, pauseMs: pacing.pauseMs },
  });
  // A sweep never keeps the process alive; the next one picks up where this stopped.
  worker.unref();
  const done = new Promise<number>((resolve, reject) => {
    worker.once("message", (message: { deleted?: number; error?: string }) => {
      if (message.error !== undefined) reject(new Error(`sqlite sweep: ${message.error}`));
      else resolve(message.deleted ?? 0);
    });
    worker.once("error", reject);
    worker.once("exit", () => resolve(0));
  });
  return {
    done,
    stop: async () => {
      worker.postMessage("stop");
      await done.catch(() => 0);
    },
  };
}
