import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";

export type SqliteDatabase = Database.Database;

/** The table @keyv/sqlite made, so files written by earlier versions open unchanged. */
export const TABLE = "keyv";

/**
 * How long one statement may block this process while another holds the write lock. The
 * driver is synchronous, so this wait stalls the event loop: it is kept short, and a write
 * still refused after it is retried asynchronously (`retryWhileBusy`).
 */
const BUSY_TIMEOUT_MS = 20;
/** How long a write keeps retrying before it fails, as @keyv/sqlite's busy timeout was. */
const BUSY_DEADLINE_MS = 5000;

function isBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === "SQLITE_BUSY" || error.code.startsWith("SQLITE_BUSY_"))
  );
}

/**
 * Runs `operation` until the database stops answering SQLITE_BUSY (another process holds the
 * write lock), sleeping between attempts without blocking, for up to 5 s.
 */
export async function retryWhileBusy<T>(operation: () => T): Promise<T> {
  const giveUpAt = Date.now() + BUSY_DEADLINE_MS;
  let delayMs = 1;
  for (;;) {
    try {
      return operation();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
    }
    await sleep(delayMs * (1 + Math.random()));
    delayMs = Math.min(delayMs * 2, 25);
  }
}

function hasColumn(database: SqliteDatabase, column: string): boolean {
  const columns = database.pragma(`table_info(${TABLE})`) as { name: string }[];
  return columns.some((info) => info.name === column);
}

/**
 * The table, its `expires` column (ms since the epoch, NULL for no expiry) and a partial
 * index on it, so a sweep reads only the rows that have expired. A file from before the column
 * existed gets it filled from the `expires` Keyv wrote into each JSON value, once.
 */
function migrate(database: SqliteDatabase): void {
  database.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(255) PRIMARY KEY, value TEXT, expires INTEGER)`,
  );
  if (!hasColumn(database, "expires")) {
    database.exec(`ALTER TABLE ${TABLE} ADD COLUMN expires INTEGER`);
    database.exec(
      `UPDATE ${TABLE} SET expires = json_extract(value, '$.expires')
        WHERE json_valid(value) AND json_type(value, '$.expires') IN ('integer', 'real')`,
    );
  }
  database.exec(
    `CREATE INDEX IF NOT EXISTS ${TABLE}_expires ON ${TABLE} (expires) WHERE expires IS NOT NULL`,
  );
}

/**
 * Opens (creating if need be) the database file in WAL mode with normal sync: commits without
 * an fsync each, still crash-safe for the database. The schema is checked in a write
 * transaction, so two processes opening one file at once do not both migrate it.
 */
export async function openDatabase(path: string): Promise<SqliteDatabase> {
  const database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    await retryWhileBusy(() => database.pragma("journal_mode = WAL"));
    database.pragma("synchronous = NORMAL");
    const migration = database.transaction(() => migrate(database));
    await retryWhileBusy(() => migration.immediate());
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
