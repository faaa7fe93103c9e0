import { EventEmitter } from "node:events";
import type { KeyvStoreAdapter, StoredData } from "keyv";

interface MemoryEntry {
  /** Keyv's serialized value: one flat string, as sqlite and Redis keep it. */
  readonly value: string;
  /** ms since the epoch, so the sweep compares numbers instead of parsing every value. */
  readonly expires: number | undefined;
}

/** A Keyv store in a Map of this process, with the expiry of each entry beside it. */
export class MemoryKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: Record<string, unknown> = { dialect: "memory" };
  namespace?: string | undefined;
  readonly #entries = new Map<string, MemoryEntry>();

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires !== undefined && entry.expires <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value as StoredData<Value>;
  }

  async set(key: string, value: string, ttl?: number): Promise<void> {
    const expires = typeof ttl === "number" && ttl > 0 ? Date.now() + ttl : undefined;
    this.#entries.set(key, { value, expires });
  }

  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : "";
    for (const key of this.#entries.keys()) {
      if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }

  /** Deletes every entry expired by `now`; returns how many. */
  deleteExpired(now: number): number {
    let deleted = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expires !== undefined && entry.expires <= now) {
        this.#entries.delete(key);
        deleted += 1;
      }
    }
    return deleted;
  }
}
