import { EventEmitter } from "node:events";
import type { KeyvStoreAdapter, StoredData } from "keyv";
import { retryWhileBusy, type SqliteDatabase, TABLE } from "./sqlite-database.js";

/**
 * A Keyv store on one better-sqlite3 connection. Rows keep Keyv's serialized value as
 * @keyv/sqlite kept it, plus an `expires` column that the sweep finds through an index.
 * Expired rows read as missing; the sweep deletes them.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: Record<string, unknown> = { dialect: "sqlite" };
  namespace?: string | undefined;
  readonly #database: SqliteDatabase;
  readonly #select;
  readonly #upsert;
  readonly #delete;
  readonly #clear;

  constructor(database: SqliteDatabase) {
    super();
    this.#database = database;
    this.#select = database.prepare<[string, number], { value: string }>(
      `SELECT value FROM ${TABLE} WHERE key = ? AND (expires IS NULL OR expires > ?)`,
    );
    this.#upsert = database.prepare<[string, string, number | null]>(
      `INSERT INTO ${TABLE} (key, value, expires) VALUES (?, ?, ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
    );
    this.#delete = database.prepare<[string]>(`DELETE FROM ${TABLE} WHERE key = ?`);
    this.#clear = database.prepare<[string, string]>(
      `DELETE FROM ${TABLE} WHERE substr(key, 1, length(?)) = ?`,
    );
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.#select.get(key, Date.now())?.value as StoredData<Value> | undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<void> {
    const expires = typeof ttl === "number" && ttl > 0 ? Date.now() + ttl : null;
    await retryWhileBusy(() => this.#upsert.run(key, value, expires));
  }

  async delete(key: string): Promise<boolean> {
    const { changes } = await retryWhileBusy(() => this.#delete.run(key));
    return changes > 0;
  }

  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : "";
    await retryWhileBusy(() => this.#clear.run(prefix, prefix));
  }

  async disconnect(): Promise<void> {
    if (this.#database.open) this.#database.close();
  }
}
