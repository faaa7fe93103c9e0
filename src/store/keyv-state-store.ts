import type Keyv from "keyv";
import { VsbotError } from "../engine/errors.js";
import type { Mutation, StateStore } from "../engine/ports.js";
import type { KeyLock } from "./key-lock.js";

function storeError(operation: string, key: string, error: unknown): VsbotError {
  if (error instanceof VsbotError) return error;
  return new VsbotError("store_unavailable", `state store ${operation} failed for ${key}`, {
    cause: error,
  });
}

/**
 * The StateStore port over Keyv. Keyv has no compare-and-set, so `update` holds a lock around
 * its read-modify-write: in-process for memory, a write transaction for sqlite, a lock key
 * for Redis.
 */
export class KeyvStateStore implements StateStore {
  readonly kind: string;
  readonly #keyv: Keyv;
  readonly #lock: KeyLock;
  readonly #onClose: () => Promise<void>;

  constructor(
    kind: string,
    keyv: Keyv,
    lock: KeyLock,
    onClose: () => Promise<void> = async () => {},
  ) {
    this.kind = kind;
    this.#keyv = keyv;
    this.#lock = lock;
    this.#onClose = onClose;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return (await this.#keyv.get<T>(key)) ?? undefined;
    } catch (error) {
      throw storeError("read", key, error);
    }
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    try {
      await this.#keyv.set(key, value, ttlMs);
    } catch (error) {
      throw storeError("write", key, error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#keyv.delete(key);
    } catch (error) {
      throw storeError("delete", key, error);
    }
  }

  update<T, R>(
    key: string,
    mutate: (current: T | undefined) => Mutation<T, R>,
    ttlMs?: number,
  ): Promise<R> {
    return this.#lock.run(key, async () => {
      const current = await this.get<T>(key);
      const { value, result } = mutate(current);
      if (value === current) return result;
      if (value === undefined) await this.delete(key);
      else await this.set(key, value, ttlMs);
      return result;
    });
  }

  async close(): Promise<void> {
    await this.#onClose();
  }
}
