import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { VsbotError } from "../engine/errors.js";
import { InProcessKeyLock, type KeyLock } from "./key-lock.js";

/** The few Redis commands the lock needs; node-redis v5 clients fit it. */
export interface RedisLockClient {
  set(
    key: string,
    value: string,
    options: { condition: "NX"; expiration: { type: "PX"; value: number } },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const RELEASE_IF_OWNER =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface RedisKeyLockOptions {
  readonly prefix: string;
  /** Upper bound on one critical section; the lock frees itself after this if a holder dies. */
  readonly leaseMs?: number;
  /** How long to wait for the lock before giving up with store_unavailable. */
  readonly waitMs?: number;
}

/**
 * A per-key lock shared by every process on one Redis: SET NX PX with an owner token, and a
 * compare-and-delete script to release. Inside one process waiters queue on an in-process
 * lock first, so only one of them polls Redis.
 */
export class RedisKeyLock implements KeyLock {
  readonly #local = new InProcessKeyLock();
  readonly #client: () => Promise<RedisLockClient>;
  readonly #prefix: string;
  readonly #leaseMs: number;
  readonly #waitMs: number;

  constructor(client: () => Promise<RedisLockClient>, options: RedisKeyLockOptions) {
    this.#client = client;
    this.#prefix = options.prefix;
    this.#leaseMs = options.leaseMs ?? 5000;
    this.#waitMs = options.waitMs ?? 10_000;
  }

  run<T>(key: string, critical: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const lockKey = `${this.#prefix}${key}`;
      const token = randomUUID();
      const client = await this.#acquire(key, lockKey, token);
      try {
        return await critical();
      } finally {
        // A lost release only delays the next holder until the lease runs out; the critical
        // section's own outcome is what the caller must see.
        await client
          .eval(RELEASE_IF_OWNER, { keys: [lockKey], arguments: [token] })
          .catch(() => {});
      }
    });
  }

  async #acquire(key: string, lockKey: string, token: string): Promise<RedisLockClient> {
    const giveUpAt = Date.now() + this.#waitMs;
    let delayMs = 1;
    for (;;) {
      try {
        const client = await this.#client();
        const acquired = await client.set(lockKey, token, {
          condition: "NX",
          expiration: { type: "PX", value: this.#leaseMs },
        });
        if (acquired === "OK") return client;
      } catch (error) {
        throw new VsbotError("store_unavailable", `cannot take the Redis lock on ${key}`, {
          cause: error,
        });
      }
      if (Date.now() > giveUpAt) {
        throw new VsbotError("store_unavailable", `timed out waiting for the lock on ${key}`);
      }
      await sleep(delayMs + Math.random() * delayMs);
      delayMs = Math.min(delayMs * 2, 20);
    }
  }
}
