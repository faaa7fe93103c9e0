import type { StateStore } from "../engine/ports.js";
import { InProcessKeyLock } from "./key-lock.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { createKeyv, DEFAULT_SWEEP_INTERVAL_MS, type StoreOptions } from "./store-options.js";
import { startSweeping } from "./sweep.js";

function expiresAt(serialized: unknown): number | undefined {
  if (typeof serialized !== "string") return undefined;
  try {
    const expires = (JSON.parse(serialized) as { expires?: unknown }).expires;
    return typeof expires === "number" ? expires : undefined;
  } catch {
    return undefined;
  }
}

/** A store in this process's memory: for development and tests; lost on exit. */
export function openMemory(options: StoreOptions): StateStore {
  const entries = new Map<string, unknown>();
  const keyv = createKeyv(options, entries);
  const stopSweeping = startSweeping(
    options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    async () => {
      const now = Date.now();
      let deleted = 0;
      for (const [key, serialized] of entries) {
        const expires = expiresAt(serialized);
        if (expires !== undefined && expires <= now) {
          entries.delete(key);
          deleted += 1;
        }
      }
      return deleted;
    },
    options.logger,
  );
  return new KeyvStateStore("memory", keyv, new InProcessKeyLock(), async () => {
    stopSweeping();
  });
}
