import { VsbotError } from "../engine/errors.js";
import type { StateStore } from "../engine/ports.js";
import { openMemory } from "./memory-store.js";
import { describeStoreUrl, type StoreOptions } from "./store-options.js";

export { describeStoreUrl, type StoreOptions } from "./store-options.js";

/**
 * Opens the store a VSBOT_STORE_URL names: memory://, sqlite://<path> or redis://host:port.
 * Rejects with store_unavailable when it cannot be opened; the message never shows credentials.
 * The sqlite and Redis drivers are imported only for their own URLs, so a process on memory://
 * (the console, most tests' child processes) starts without loading them.
 */
export async function createStateStore(url: string, options: StoreOptions): Promise<StateStore> {
  if (url === "memory://") return openMemory(options);
  if (url.startsWith("sqlite://")) {
    const { openSqlite } = await import("./sqlite-store.js");
    return openSqlite(url.slice("sqlite://".length), options);
  }
  if (url.startsWith("redis://") || url.startsWith("rediss://")) {
    const { openRedis } = await import("./redis-store.js");
    return openRedis(url, options);
  }
  throw new VsbotError("store_unavailable", `unsupported store URL ${describeStoreUrl(url)}`);
}
