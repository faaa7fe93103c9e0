import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import { silentLogger } from "../../src/logger.js";
import { createStateStore, describeStoreUrl } from "../../src/store/create-store.js";
import { createTemporaryDirectory } from "./helpers.js";

const directory = createTemporaryDirectory();
afterAll(() => directory.remove());

async function failure(url: string, timeoutMs?: number): Promise<VsbotError> {
  try {
    const store = await createStateStore(url, {
      logger: silentLogger,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(VsbotError);
    return error as VsbotError;
  }
  throw new Error(`expected ${url} to fail`);
}

describe("describeStoreUrl", () => {
  it("hides credentials and keeps the rest", () => {
    expect(describeStoreUrl("redis://user:secret@cache:6379/0")).toBe("redis://***@cache:6379/0");
    expect(describeStoreUrl("rediss://:secret@cache:6380")).toBe("rediss://***@cache:6380");
    expect(describeStoreUrl("redis://cache:6379")).toBe("redis://cache:6379");
    expect(describeStoreUrl("sqlite://./data/state.db")).toBe("sqlite://./data/state.db");
  });
});

describe("createStateStore", () => {
  it("rejects with store_unavailable within its timeout when Redis is unreachable, hiding credentials", async () => {
    const started = Date.now();
    const error = await failure("redis://user:hunter22@127.0.0.1:1", 300);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(error.code).toBe("store_unavailable");
    expect(error.message).toContain("redis://***@127.0.0.1:1");
    expect(error.userMessage).toContain("redis://***@127.0.0.1:1");
    expect(`${error.message} ${error.userMessage}`).not.toContain("hunter22");
  });

  it("gives an unreachable Redis the documented 5 s by default, and no longer", async () => {
    // Only the start-up race's timer is faked: the connection attempts stay real, and their
    // retries wait on node:timers/promises, so they go on (refused) in real time meanwhile.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let settled = false;
      const failing = failure("redis://user:hunter22@127.0.0.1:1").finally(() => {
        settled = true;
      });
      // The race's timer is set once the Redis driver is imported and connecting.
      while (vi.getTimerCount() === 0 && !settled) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(4999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const error = await failing;
      expect(error.code).toBe("store_unavailable");
      expect(`${error.message} ${error.userMessage}`).not.toContain("hunter22");
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects with store_unavailable when the sqlite folder cannot be created", async () => {
    const blocker = join(directory.path, "a-file");
    writeFileSync(blocker, "not a folder");
    const path = join(blocker, "data", "state.db");
    const error = await failure(`sqlite://${path}`);
    expect(error.code).toBe("store_unavailable");
    expect(error.message).toContain(path);
  });

  it("rejects with store_unavailable when the sqlite path is a folder", async () => {
    const error = await failure(`sqlite://${directory.path}`);
    expect(error.code).toBe("store_unavailable");
    expect(error.message).toContain(directory.path);
  });

  it("rejects a malformed Redis URL with store_unavailable, keeping no cause that quotes it", async () => {
    const error = await failure("redis://admin:hunter22@[not-a-host");
    expect(error.code).toBe("store_unavailable");
    expect(error.message).toContain("redis://***@[not-a-host");
    expect(error.cause).toBeUndefined();
    expect(`${error.message} ${error.userMessage}`).not.toContain("hunter22");
  });

  it("rejects an unsupported URL with store_unavailable, hiding credentials", async () => {
    const error = await failure("postgres://admin:hunter22@db/vsbot");
    expect(error.code).toBe("store_unavailable");
    expect(error.message).toContain("postgres://***@db/vsbot");
    expect(error.message).not.toContain("hunter22");
  });

  it("opens an in-memory sqlite database", async () => {
    const store = await createStateStore("sqlite://:memory:", { logger: silentLogger });
    await store.set("key", { value: 1 });
    expect(await store.get("key")).toEqual({ value: 1 });
    await store.close();
  });
});
