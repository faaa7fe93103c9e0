import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";
import { openDatabase } from "../../src/store/sqlite-database.js";
import { openSqlite } from "../../src/store/sqlite-store.js";
import { deleteExpiredRows } from "../../src/store/sqlite-sweep.js";
import { createRecordingLogger, createTemporaryDirectory, sleep } from "./helpers.js";

const directory = createTemporaryDirectory();
afterAll(() => directory.remove());

let files = 0;
function freshPath(): string {
  files += 1;
  return join(directory.path, `expiry-${files}.db`);
}

/** Rows as Keyv serializes them: `{"value": ..., "expires": <ms>}`. */
function keyvValue(value: unknown, expires?: number): string {
  return JSON.stringify(expires === undefined ? { value } : { value, expires });
}

function insertRows(
  database: Database.Database,
  rows: readonly (readonly [string, number | null])[],
): void {
  const insert = database.prepare("INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?)");
  database.transaction(() => {
    for (const [key, expires] of rows) {
      insert.run(key, keyvValue(key, expires ?? undefined), expires);
    }
  })();
}

function keys(database: Database.Database): string[] {
  return (database.prepare("SELECT key FROM keyv ORDER BY key").all() as { key: string }[]).map(
    (row) => row.key,
  );
}

describe("sqlite expiry", () => {
  it("opens a file written before the expires column, keeping its values and their expiry", async () => {
    const path = freshPath();
    const old = new Database(path);
    old.exec("CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )");
    const past = Date.now() - 1000;
    const insert = old.prepare("INSERT INTO keyv (key, value) VALUES (?, ?)");
    insert.run("vsbot:tail:kept", keyvValue({ shown: [1] }, Date.now() + 60_000));
    insert.run("vsbot:settings:forever", keyvValue({ k: 7 }));
    insert.run("vsbot:tail:expired", keyvValue({ shown: [] }, past));
    insert.run("other:not-json", "plain text");
    old.close();

    const store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
    expect(await store.get("tail:kept")).toEqual({ shown: [1] });
    expect(await store.get("settings:forever")).toEqual({ k: 7 });
    expect(await store.get("tail:expired")).toBeUndefined();
    await store.close();

    const database = await openDatabase(path);
    const expiries = database.prepare("SELECT key, expires FROM keyv ORDER BY key").all() as {
      key: string;
      expires: number | null;
    }[];
    expect(expiries.find((row) => row.key === "vsbot:tail:expired")?.expires).toBe(past);
    expect(expiries.find((row) => row.key === "vsbot:settings:forever")?.expires).toBeNull();
    expect(expiries.find((row) => row.key === "other:not-json")?.expires).toBeNull();
    expect(await deleteExpiredRows(database, Date.now())).toBe(1);
    expect(keys(database)).toEqual(["other:not-json", "vsbot:settings:forever", "vsbot:tail:kept"]);
    database.close();
  });

  it("finds expired rows through the expires index, never by scanning the table", async () => {
    const database = await openDatabase(freshPath());
    const plan = database
      .prepare(
        "EXPLAIN QUERY PLAN DELETE FROM keyv WHERE rowid IN (SELECT rowid FROM keyv WHERE expires <= ? LIMIT ?)",
      )
      .all(Date.now(), 500) as { detail: string }[];
    const details = plan.map((step) => step.detail).join("\n");
    expect(details).toMatch(/USING (COVERING )?INDEX keyv_expires/);
    expect(details).not.toMatch(/SCAN keyv(?! USING)/);
    database.close();
  });

  it("deletes every expired row in batches and keeps the rest", async () => {
    const database = await openDatabase(freshPath());
    const now = Date.now();
    insertRows(database, [
      ...Array.from({ length: 35 }, (_, index) => [`vsbot:tail:old-${index}`, now - 1] as const),
      ["vsbot:tail:later", now + 60_000],
      ["vsbot:settings:forever", null],
      ["other-bot:tail:old", now - 5],
    ]);
    const deleted = await deleteExpiredRows(database, now, { batchRows: 10, pauseMs: 0 });
    expect(deleted).toBe(36);
    expect(keys(database)).toEqual(["vsbot:settings:forever", "vsbot:tail:later"]);
    database.close();
  });

  it("lets a claim through between two batches of a long sweep", async () => {
    const path = freshPath();
    const seed = await openDatabase(path);
    const now = Date.now();
    insertRows(
      seed,
      Array.from({ length: 50 }, (_, index) => [`vsbot:tail:old-${index}`, now - 1] as const),
    );
    seed.close();
    const store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
    const sweeper = await openDatabase(path);
    const sweeping = deleteExpiredRows(sweeper, now, { batchRows: 10, pauseMs: 40 });
    const claimed = await store.update<number, number>("counter", (current) => ({
      value: (current ?? 0) + 1,
      result: (current ?? 0) + 1,
    }));
    const left = (sweeper.prepare("SELECT count(*) AS rows FROM keyv").get() as { rows: number })
      .rows;
    expect(claimed).toBe(1);
    expect(left).toBeGreaterThan(1);
    expect(await sweeping).toBe(50);
    await store.close();
    sweeper.close();
  });

  it("hands a sweep of more than a batch to a worker thread, which deletes every expired row", async () => {
    const path = freshPath();
    const seed = await openDatabase(path);
    const now = Date.now();
    insertRows(seed, [
      ...Array.from({ length: 45 }, (_, index) => [`vsbot:tail:old-${index}`, now - 1] as const),
      ["vsbot:tail:live", now + 60_000],
    ]);
    seed.close();
    const logger = createRecordingLogger();
    const store = await openSqlite(path, {
      logger,
      sweepIntervalMs: 50,
      sweepPacing: { batchRows: 10, pauseMs: 1 },
    });
    for (let waited = 0; waited < 5000; waited += 50) {
      if (logger.entries.some((entry) => entry.event === "store.swept")) break;
      await sleep(50);
    }
    expect(await store.get("tail:live")).toBe("vsbot:tail:live");
    await store.close();
    expect(logger.entries.find((entry) => entry.event === "store.swept")?.fields).toEqual({
      deleted: 45,
    });
    const database = new Database(path, { readonly: true });
    expect(keys(database)).toEqual(["vsbot:tail:live"]);
    database.close();
  });

  it("closes while a worker sweep is under way, leaving the file usable", async () => {
    const path = freshPath();
    const seed = await openDatabase(path);
    const now = Date.now();
    insertRows(
      seed,
      Array.from({ length: 500 }, (_, index) => [`vsbot:tail:old-${index}`, now - 1] as const),
    );
    seed.close();
    const store = await openSqlite(path, {
      logger: silentLogger,
      sweepIntervalMs: 20,
      sweepPacing: { batchRows: 10, pauseMs: 20 },
    });
    const oldRows = () => {
      const reader = new Database(path, { readonly: true });
      const count = keys(reader).filter((key) => key.startsWith("vsbot:tail:old-")).length;
      reader.close();
      return count;
    };
    for (let waited = 0; waited < 5000 && oldRows() === 500; waited += 10) await sleep(10);
    await store.close();
    const left = oldRows();
    const reopened = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
    await reopened.set("tail:after", { ok: true });
    expect(await reopened.get("tail:after")).toEqual({ ok: true });
    await reopened.close();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(500);
    expect(oldRows()).toBe(left);
  });
});
