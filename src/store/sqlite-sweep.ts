import { setTimeout as sleep } from "node:timers/promises";
import { retryWhileBusy, type SqliteDatabase, TABLE } from "./sqlite-database.js";

export interface SweepPacing {
  /** Rows deleted per statement; each statement holds the write lock only while it runs. */
  readonly batchRows: number;
  /** Pause between batches, long enough for claims, here and in other processes, to get in. */
  readonly pauseMs: number;
}

/** About 2 ms of lock per batch on a 2-core machine, then a pause twice that. */
export const DEFAULT_SWEEP_PACING: SweepPacing = { batchRows: 500, pauseMs: 5 };

/**
 * Deletes rows whose `expires` has passed, in small batches, and returns how many. The
 * partial index on `expires` means each batch reads only expired rows, and a sweep with
 * nothing to delete reads none. Rows of every namespace in the file are swept: an expired
 * row is dead whoever wrote it, and Keyv would delete it on its next read anyway.
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
