import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/engine/ports.js";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";
import { runWorkers } from "./cross-process.js";
import { createTemporaryDirectory, sleep } from "./helpers.js";
import { describeStateStoreContract } from "./state-store-contract.js";

const directory = createTemporaryDirectory();
const databasePath = join(directory.path, "state.db");
const databaseUrl = `sqlite://${databasePath}`;

afterAll(() => directory.remove());

/** Reads the database file directly, past the store, so expired rows are not deleted on read. */
function queryFile<Row>(path: string, sql: string): Row[] {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare(sql).all() as Row[];
  } finally {
    database.close();
  }
}

describe("sqlite store", () => {
  describeStateStoreContract({
    persistent: true,
    namespacePrefix: "sqlite-",
    open: (namespace) => createStateStore(databaseUrl, { logger: silentLogger, namespace }),
  });

  describe("database file", () => {
    let store: StateStore | undefined;
    afterEach(async () => {
      await store?.close();
    });

    it("writes in WAL journal mode", async () => {
      const path = join(directory.path, "wal.db");
      store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
      await store.set("tail:x", { value: 1 });
      const [row] = queryFile<{ journal_mode: string }>(path, "PRAGMA journal_mode");
      expect(row?.journal_mode).toBe("wal");
    });

    it("sweeps expired rows that are never read again", async () => {
      const path = join(directory.path, "sweep.db");
      store = await createStateStore(`sqlite://${path}`, {
        logger: silentLogger,
        namespace: "sweep",
        sweepIntervalMs: 100,
      });
      for (const key of ["a", "b", "c"]) await store.set(`tail:${key}`, { key }, 50);
      await store.set("tail:lasting", { key: "lasting" });
      await store.set("tail:later", { key: "later" }, 60_000);
      await sleep(400);
      const rows = queryFile<{ key: string }>(path, "SELECT key FROM keyv ORDER BY key");
      expect(rows.map((row) => row.key)).toEqual(["sweep:tail:lasting", "sweep:tail:later"]);
    });

    it("creates missing parent folders", async () => {
      const path = join(directory.path, "nested", "deeper", "state.db");
      store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
      await store.set("tail:x", 1);
      expect(await store.get("tail:x")).toBe(1);
    });
  });

  describe("across processes", () => {
    it("loses no update when two processes append to one key in one file at once", async () => {
      const path = join(directory.path, "shared.db");
      const results = await runWorkers({
        url: `sqlite://${path}`,
        namespace: "shared",
        key: "tokens",
        mode: "append",
        workers: 2,
        updatesPerWorker: 100,
      });
      const store = await createStateStore(`sqlite://${path}`, {
        logger: silentLogger,
        namespace: "shared",
      });
      const tokens = (await store.get<string[]>("tokens")) ?? [];
      await store.close();
      expect(new Set(tokens).size).toBe(200);
      expect([...tokens].sort()).toEqual(results.flat().sort());
    });
  });
});
