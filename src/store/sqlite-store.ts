import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import type { KeyvStoreAdapter } from "keyv";
import { VsbotError } from "../engine/errors.js";
import type { StateStore } from "../engine/ports.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { SqliteTransactionLock } from "./sqlite-transaction-lock.js";
import {
  createKeyv,
  DEFAULT_NAMESPACE,
  DEFAULT_SWEEP_INTERVAL_MS,
  type StoreOptions,
} from "./store-options.js";
import { startSweeping } from "./sweep.js";

const TABLE = "keyv";

/** Keyv stores `{"value": ..., "expires": <ms>}`; rows of other shapes are left alone. */
const DELETE_EXPIRED = `DELETE FROM ${TABLE} WHERE instr(key, ?) = 1
  AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) <= ?
  RETURNING key`;

function unavailable(path: string, error: unknown): VsbotError {
  return new VsbotError("store_unavailable", `cannot open sqlite database at ${path}`, {
    cause: error,
    userMessage: `Cannot open the sqlite database at ${path}. Check VSBOT_STORE_URL and the folder's permissions.`,
  });
}

/** A store in one sqlite file, which several processes may share. */
export async function openSqlite(path: string, options: StoreOptions): Promise<StateStore> {
  let adapter: KeyvSqlite;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    adapter = new KeyvSqlite({ uri: `sqlite://${path}`, table: TABLE, busyTimeout: 5000 });
    // WAL with normal sync: commits without an fsync each, still crash-safe for the database.
    await adapter.query("PRAGMA journal_mode=WAL");
    await adapter.query("PRAGMA synchronous=NORMAL");
  } catch (error) {
    throw unavailable(path, error);
  }
  const sqlite = adapter;
  const keyv = createKeyv(options, sqlite as unknown as KeyvStoreAdapter);
  const prefix = `${options.namespace ?? DEFAULT_NAMESPACE}:`;
  const stopSweeping = startSweeping(
    options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    async () => {
      const deleted = (await sqlite.query(DELETE_EXPIRED, prefix, Date.now())) as unknown[];
      return deleted.length;
    },
    options.logger,
  );
  const lock = new SqliteTransactionLock((sql) => sqlite.query(sql));
  return new KeyvStateStore("sqlite", keyv, lock, async () => {
    stopSweeping();
    await keyv.disconnect();
  });
}
