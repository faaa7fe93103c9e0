import { setTimeout as sleep } from "node:timers/promises";
import { retryWhileBusy, type SqliteDatabase, TABLE } from "./sqlite-database.js";

export interface SweepPacing {
  /** Rows deleted per statement; each statement holds the write lock only while it runs. */
  readonly batchRows: number;
  /** Pause between batches, so claims here and in other processes get the lock in between. */
  readonly pauseMs: number;
}

/**
 * About a millisecond of lock per batch on a 2-core machine, then a pause longer than the
 * waiters' busy-handler polls (1, 2, 5, 10 ms...), so a waiting claim does not miss it.
 */
export const DEFAULT_SWEEP_PACING: SweepPacing = { batchRows: 100, pauseMs: 15 };

/** How many rows had expired by `now`, counting no further than `limit`. */
export function countExpired(database: SqliteDatabase, now: number, limit: number): number {
  const row = database
    .prepare<[number, number], { rows: number }>(
      `SELECT count(*) AS rows FROM (SELECT 1 FROM ${TABLE} WHERE expires <= ? LIMIT ?)`,
    )
    .get(now, limit);
  return row?.rows ?? 0;
}

/**
 * Deletes rows whose `expires` has passed, in batches, on this connection, and returns how
 * many. The partial index on `expires` means each batch reads only expired rows, and a sweep
 * with nothing to delete reads none. Rows of every namespace in the file are swept: an
 * expired row is dead whoever wrote it, and Keyv would delete it on its next read anyway.
 * For more than a batch or two, sweepInWorker keeps the work off this thread.
 */
export async function deleteExpiredRows(
  database: SqliteDatabase,
  now: number,
  pacing: SweepPacing = DEFAULT_SWEEP_PACING,
): Promise<number> {
  const batch = database.prepare<[number, number]>(
    `DELETE FROM ${TABLE} WHERE rowid IN
      (SELECT rowid FROM ${TABLE} WHERE expires <= ? LIMIT ?)`,
  );
  let deleted = 0;
  for (;;) {
    // The store may close while this sweep pauses; then the sweep just ends.
    const { changes } = await retryWhileBusy(() =>
      database.open ? batch.run(now, pacing.batchRows) : { changes: 0 },
    );
    deleted += changes;
    if (changes < pacing.batchRows) return deleted;
    await sleep(pacing.pauseMs);
  }
}
