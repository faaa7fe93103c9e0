import { afterEach, describe, expect, it, type TestContext } from "vitest";
import type { StateStore } from "../../src/engine/ports.js";
import { sleep } from "./helpers.js";

export interface ContractBackend {
  /** Opens a store over the backend's shared data; two calls with one namespace see one data set. */
  open(namespace: string): Promise<StateStore>;
  /** Whether values outlive the store object (a file or a server). */
  readonly persistent: boolean;
  /** Every namespace handed to `open` starts with this, so the backend can clean up after. */
  readonly namespacePrefix: string;
}

interface Counter {
  readonly count: number;
}

const NESTED = {
  spec: { task: "joke", k: 5, tau: 0.1, tags: ["a", "b"] },
  candidates: [
    { text: "first\nline two", probability: 0.4, verbalized: null },
    { text: "ünïcödé ✓", probability: 0.6, verbalized: 0.6 },
  ],
  shown: [1],
  refill: null,
  empty: {},
};

/** The StateStore port's contract, run against one backend. */
export function describeStateStoreContract(backend: ContractBackend): void {
  const opened: StateStore[] = [];
  let namespaceCounter = 0;

  const nextNamespace = () => {
    namespaceCounter += 1;
    return `${backend.namespacePrefix}${namespaceCounter}`;
  };
  const open = async (namespace: string = nextNamespace()) => {
    const store = await backend.open(namespace);
    opened.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  /** For concurrent tests: the store closes when its own test ends, not after another's. */
  const openOwn = async ({ onTestFinished }: TestContext) => {
    const store = await backend.open(nextNamespace());
    onTestFinished(() => store.close());
    return store;
  };

  describe("get, set and delete", () => {
    it("returns an equal copy of a nested object", async () => {
      const store = await open();
      await store.set("tail:nested", NESTED);
      const read = await store.get<typeof NESTED>("tail:nested");
      expect(read).toEqual(NESTED);
      expect(read).not.toBe(NESTED);
    });

    it("returns undefined for a key never set and after a delete", async () => {
      const store = await open();
      expect(await store.get("tail:missing")).toBeUndefined();
      await store.set("tail:gone", { value: 1 });
      await store.delete("tail:gone");
      expect(await store.get("tail:gone")).toBeUndefined();
    });

    it("overwrites a value in place", async () => {
      const store = await open();
      await store.set("tail:overwrite", { version: 1 });
      await store.set("tail:overwrite", { version: 2 });
      expect(await store.get("tail:overwrite")).toEqual({ version: 2 });
    });

    it("deletes a missing key without an error", async () => {
      const store = await open();
      await expect(store.delete("tail:never")).resolves.toBeUndefined();
    });
  });

  // Each test has a store and namespace of its own and mostly sleeps, so they sleep at once.
  describe.concurrent("TTL", () => {
    it("expires a value after its TTL", async (context) => {
      const { expect } = context;
      const store = await openOwn(context);
      await store.set("tail:short", { value: 1 }, 150);
      expect(await store.get("tail:short")).toEqual({ value: 1 });
      await sleep(300);
      expect(await store.get("tail:short")).toBeUndefined();
    });

    it("keeps a value set with a TTL of 0 or none", async (context) => {
      const { expect } = context;
      const store = await openOwn(context);
      await store.set("tail:zero", { value: 0 }, 0);
      await store.set("tail:none", { value: 1 });
      await sleep(200);
      expect(await store.get("tail:zero")).toEqual({ value: 0 });
      expect(await store.get("tail:none")).toEqual({ value: 1 });
    });

    it("applies the TTL given to update", async (context) => {
      const { expect } = context;
      const store = await openOwn(context);
      await store.update("tail:updated", () => ({ value: { value: 1 }, result: null }), 150);
      expect(await store.get("tail:updated")).toEqual({ value: 1 });
      await sleep(300);
      expect(await store.get("tail:updated")).toBeUndefined();
    });
  });

  describe("update", () => {
    it("passes the current value to mutate and returns its result", async () => {
      const store = await open();
      await store.set<Counter>("counter", { count: 41 });
      const seen: (Counter | undefined)[] = [];
      const result = await store.update<Counter, string>("counter", (current) => {
        seen.push(current);
        return { value: { count: (current?.count ?? 0) + 1 }, result: "incremented" };
      });
      expect(result).toBe("incremented");
      expect(seen).toEqual([{ count: 41 }]);
      expect(await store.get("counter")).toEqual({ count: 42 });
    });

    it("passes undefined for a missing key and creates it", async () => {
      const store = await open();
      const seen: unknown[] = [];
      await store.update<Counter, null>("counter:new", (current) => {
        seen.push(current);
        return { value: { count: 1 }, result: null };
      });
      expect(seen).toEqual([undefined]);
      expect(await store.get("counter:new")).toEqual({ count: 1 });
    });

    it("deletes the key when mutate returns undefined", async () => {
      const store = await open();
      await store.set<Counter>("counter:delete", { count: 3 });
      const result = await store.update<Counter, number>("counter:delete", (current) => ({
        value: undefined,
        result: current?.count ?? -1,
      }));
      expect(result).toBe(3);
      expect(await store.get("counter:delete")).toBeUndefined();
    });

    it("writes nothing when mutate returns the current value unchanged", async () => {
      const store = await open();
      await store.set<Counter>("counter:same", { count: 7 }, 150);
      // A write would carry the long TTL, so the value would outlive its original 150 ms.
      const result = await store.update<Counter, string>(
        "counter:same",
        (current) => ({ value: current, result: "kept" }),
        60_000,
      );
      expect(result).toBe("kept");
      await sleep(300);
      expect(await store.get("counter:same")).toBeUndefined();
    });

    it("rejects with mutate's error, leaves the value alone and frees the key", async () => {
      const store = await open();
      await store.set<Counter>("counter:throws", { count: 1 });
      await expect(
        store.update<Counter, null>("counter:throws", () => {
          throw new Error("mutate failed");
        }),
      ).rejects.toThrow("mutate failed");
      expect(await store.get("counter:throws")).toEqual({ count: 1 });
      const next = await store.update<Counter, number>("counter:throws", (current) => ({
        value: { count: (current?.count ?? 0) + 1 },
        result: (current?.count ?? 0) + 1,
      }));
      expect(next).toBe(2);
    });

    it("serializes 200 concurrent increments of one key so none is lost", async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          store.update<Counter, number>("counter:concurrent", (current) => {
            const count = (current?.count ?? 0) + 1;
            return { value: { count }, result: count };
          }),
        ),
      );
      expect(await store.get("counter:concurrent")).toEqual({ count: 200 });
      expect([...results].sort((left, right) => left - right)).toEqual(
        Array.from({ length: 200 }, (_, index) => index + 1),
      );
    });

    it("keeps concurrent updates of different keys apart", async () => {
      const store = await open();
      await Promise.all(
        ["a", "b", "c"].flatMap((name) =>
          Array.from({ length: 20 }, () =>
            store.update<Counter, null>(`counter:${name}`, (current) => ({
              value: { count: (current?.count ?? 0) + 1 },
              result: null,
            })),
          ),
        ),
      );
      for (const name of ["a", "b", "c"]) {
        expect(await store.get(`counter:${name}`)).toEqual({ count: 20 });
      }
    });
  });

  describe("namespaces", () => {
    it("keeps two namespaces' keys apart", async () => {
      const namespace = nextNamespace();
      const first = await open(`${namespace}-first`);
      const second = await open(`${namespace}-second`);
      await first.set("shared", { owner: "first" });
      expect(await second.get("shared")).toBeUndefined();
      await second.set("shared", { owner: "second" });
      expect(await first.get("shared")).toEqual({ owner: "first" });
      await second.delete("shared");
      expect(await first.get("shared")).toEqual({ owner: "first" });
    });
  });

  describe.runIf(backend.persistent)("persistence", () => {
    it("keeps values and TTLs after closing and reopening", async () => {
      const namespace = nextNamespace();
      const writer = await backend.open(namespace);
      await writer.set("tail:kept", NESTED);
      await writer.set("tail:expiring", { value: 1 }, 150);
      await writer.update<Counter, null>("counter:kept", () => ({
        value: { count: 5 },
        result: null,
      }));
      await writer.close();
      const reader = await open(namespace);
      expect(await reader.get("tail:kept")).toEqual(NESTED);
      expect(await reader.get("counter:kept")).toEqual({ count: 5 });
      await sleep(300);
      expect(await reader.get("tail:expiring")).toBeUndefined();
    });
  });
}
