import { createClient } from "@keyv/redis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import type { StateStore } from "../../src/engine/ports.js";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";
import { runWorkers } from "./cross-process.js";
import {
  createRecordingLogger,
  deleteRedisKeys,
  probeRedis,
  REDIS_DB,
  REDIS_URL,
  sleep,
  uniqueNamespace,
} from "./helpers.js";
import { describeStateStoreContract } from "./state-store-contract.js";
import { createTcpProxy, type TcpProxy } from "./tcp-proxy.js";

const redisAvailable = await probeRedis();
const skipReason = redisAvailable ? "" : ` (skipped: no Redis answers at ${REDIS_URL})`;
if (!redisAvailable) console.warn(`redis store tests${skipReason}`);
const runPrefix = uniqueNamespace("redis");

afterAll(async () => {
  if (redisAvailable) await deleteRedisKeys(runPrefix);
});

async function rawKeys(prefix: string): Promise<Map<string, number>> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys = new Map<string, number>();
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) {
      for (const key of batch) keys.set(key, await client.pTTL(key));
    }
    return keys;
  } finally {
    client.destroy();
  }
}

async function eventually<T>(attempt: () => Promise<T>, withinMs: number): Promise<T> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await sleep(100);
    }
  }
}

describe.runIf(redisAvailable)(`redis store${skipReason}`, () => {
  describeStateStoreContract({
    persistent: true,
    namespacePrefix: `${runPrefix}-contract-`,
    open: (namespace) => createStateStore(REDIS_URL, { logger: silentLogger, namespace }),
  });

  describe("opening", () => {
    it("rejects at once with Redis's reason when it refuses the password, hiding it", async () => {
      const started = Date.now();
      const opening = createStateStore(`redis://vsbot:hunter22@127.0.0.1:6379/${REDIS_DB}`, {
        logger: silentLogger,
      });
      await expect(opening).rejects.toBeInstanceOf(VsbotError);
      const error = (await opening.catch((caught: unknown) => caught)) as VsbotError;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error.code).toBe("store_unavailable");
      expect(error.message).toContain("redis://***@127.0.0.1:6379");
      expect(error.message).toMatch(/WRONGPASS|AUTH/);
      expect(`${error.message} ${error.userMessage}`).not.toContain("hunter22");
    });
  });

  describe("keys in Redis", () => {
    const namespace = `${runPrefix}-layout`;
    let store: StateStore | undefined;
    afterEach(async () => {
      await store?.close();
    });

    it("stores each key once under the namespace and lets Redis expire it", async () => {
      store = await createStateStore(REDIS_URL, { logger: silentLogger, namespace });
      await store.set("tail:expiring", { value: 1 }, 60_000);
      await store.set("tail:lasting", { value: 2 }, 0);
      const keys = await rawKeys(namespace);
      expect([...keys.keys()].sort()).toEqual([
        `${namespace}::tail:expiring`,
        `${namespace}::tail:lasting`,
      ]);
      const expiring = keys.get(`${namespace}::tail:expiring`) ?? 0;
      expect(expiring).toBeGreaterThan(50_000);
      expect(expiring).toBeLessThanOrEqual(60_000);
      expect(keys.get(`${namespace}::tail:lasting`)).toBe(-1);
    });

    it("leaves no lock keys behind after updates", async () => {
      store = await createStateStore(REDIS_URL, { logger: silentLogger, namespace });
      const opened = store;
      await Promise.all(
        Array.from({ length: 50 }, () =>
          opened.update<number, null>("counter", (current) => ({
            value: (current ?? 0) + 1,
            result: null,
          })),
        ),
      );
      expect(await opened.get("counter")).toBe(50);
      const locks = [...(await rawKeys(namespace)).keys()].filter((key) => key.includes("lock"));
      expect(locks).toEqual([]);
    });
  });

  // Separate keys and worker processes; each run mostly waits on its lock polling.
  describe.concurrent("across processes", () => {
    it("loses no update when two processes append to one key at once", async ({ expect }) => {
      const namespace = `${runPrefix}-append`;
      const results = await runWorkers({
        url: REDIS_URL,
        namespace,
        key: "tokens",
        mode: "append",
        workers: 2,
        updatesPerWorker: 100,
      });
      const store = await createStateStore(REDIS_URL, { logger: silentLogger, namespace });
      const tokens = (await store.get<string[]>("tokens")) ?? [];
      await store.close();
      expect(tokens).toHaveLength(200);
      expect(new Set(tokens).size).toBe(200);
      expect([...tokens].sort()).toEqual(results.flat().sort());
    });

    it("hands each of 50 items to exactly one of 200 pops from two processes", async ({
      expect,
    }) => {
      const namespace = `${runPrefix}-pop`;
      const items = Array.from({ length: 50 }, (_, index) => `item-${index}`);
      const seeder = await createStateStore(REDIS_URL, { logger: silentLogger, namespace });
      await seeder.set("items", items);
      await seeder.close();
      const results = await runWorkers({
        url: REDIS_URL,
        namespace,
        key: "items",
        mode: "pop",
        workers: 2,
        updatesPerWorker: 100,
      });
      const handedOut = results.flat().filter((item): item is string => item !== null);
      expect(handedOut).toHaveLength(50);
      expect([...handedOut].sort()).toEqual([...items].sort());
      expect(results.every((worker) => worker.length === 100)).toBe(true);
      const store = await createStateStore(REDIS_URL, { logger: silentLogger, namespace });
      expect(await store.get("items")).toEqual([]);
      await store.close();
    });
  });

  describe("when the connection fails", () => {
    let proxy: TcpProxy | undefined;
    let store: StateStore | undefined;
    afterEach(async () => {
      await store?.close();
      await proxy?.close();
    });

    it("carries on after the connection drops, as when Redis restarts", async () => {
      proxy = await createTcpProxy(6379);
      const logger = createRecordingLogger();
      store = await createStateStore(`redis://127.0.0.1:${proxy.port}/${REDIS_DB}`, {
        logger,
        namespace: `${runPrefix}-drop`,
      });
      const opened = store;
      const increment = () =>
        opened.update<number, number>("counter", (current) => ({
          value: (current ?? 0) + 1,
          result: (current ?? 0) + 1,
        }));
      await opened.set<number>("counter", 1);
      proxy.dropConnections();
      // Sent before the client sees the drop: it may fail, but only as store_unavailable.
      const inFlight = await increment().then(
        () => "applied",
        (error: unknown) => (error instanceof VsbotError ? error.code : error),
      );
      expect(["applied", "store_unavailable"]).toContain(inFlight);
      const expected = inFlight === "applied" ? 3 : 2;
      expect(await eventually(increment, 5000)).toBe(expected);
      expect(await opened.get("counter")).toBe(expected);
      const events = logger.entries.map((entry) => `${entry.level} ${entry.event}`);
      expect(events).toContain("warn store.connection_lost");
      expect(events).toContain("info store.connection_restored");
    });

    it("rejects with store_unavailable instead of hanging while Redis is down, then recovers", async () => {
      proxy = await createTcpProxy(6379);
      const logger = createRecordingLogger();
      store = await createStateStore(`redis://127.0.0.1:${proxy.port}/${REDIS_DB}`, {
        logger,
        namespace: `${runPrefix}-down`,
        timeoutMs: 500,
      });
      const opened = store;
      await opened.set<number>("counter", 1);
      await proxy.suspend();

      const started = Date.now();
      const read = opened.get("counter");
      await expect(read).rejects.toBeInstanceOf(VsbotError);
      await expect(read).rejects.toMatchObject({ code: "store_unavailable" });
      await expect(
        opened.update<number, null>("counter", () => ({ value: 5, result: null })),
      ).rejects.toMatchObject({ code: "store_unavailable" });
      expect(Date.now() - started).toBeLessThan(3000);

      await proxy.resume();
      expect(await eventually(() => opened.get<number>("counter"), 5000)).toBe(1);
      const lost = logger.entries.filter((entry) => entry.event === "store.connection_lost");
      const restored = logger.entries.filter(
        (entry) => entry.event === "store.connection_restored",
      );
      expect(lost).toHaveLength(1);
      expect(lost[0]?.level).toBe("warn");
      expect(restored).toHaveLength(1);
    });
  });
});
