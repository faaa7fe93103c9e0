import type { DeserializedData } from "keyv";
import type { StateStore } from "../engine/ports.js";
import { InProcessKeyLock } from "./key-lock.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { MemoryKeyvStore } from "./memory-keyv-store.js";
import {
  createKeyv,
  DEFAULT_SWEEP_INTERVAL_MS,
  type KeyvSettings,
  type StoreOptions,
} from "./store-options.js";
import { startSweeping } from "./sweep.js";

/**
 * Keyv's own serializer builds its string by concatenation, which V8 keeps as a rope of
 * small pieces: 6.5 KB of heap for 1 KB of JSON. sqlite and Redis write it out and drop it;
 * memory keeps it, so memory serializes with JSON.stringify, whose result is one flat string
 * (1.4 KB for the same value). Nothing outlives the process, so the formats need not match.
 */
const flatJson: KeyvSettings = {
  serialize: (data) => JSON.stringify(data),
  deserialize: <Value>(text: string) => JSON.parse(text) as DeserializedData<Value>,
};

/** A store in this process's memory: for development and tests; lost on exit. */
export function openMemory(options: StoreOptions): StateStore {
  const entries = new MemoryKeyvStore();
  const keyv = createKeyv(options, entries, flatJson);
  const stopSweeping = startSweeping(
    options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    async () => entries.deleteExpired(Date.now()),
    options.logger,
  );
  return new KeyvStateStore("memory", keyv, new InProcessKeyLock(), async () => {
    stopSweeping();
  });
}
