import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import { VsbotError } from "../engine/errors.js";
import type { Logger, StateStore } from "../engine/ports.js";
import { InProcessKeyLock } from "./key-lock.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { RedisKeyLock, type RedisLockClient } from "./redis-lock.js";

export interface StoreOptions {
  readonly logger: Logger;
  /** Prefix for every key, so several bots can share one Redis. */
  readonly namespace?: string;
}

/** Hides credentials in a store URL before it reaches a log or a reply. */
export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

function keyvFor(store: KeyvStoreAdapter | undefined, options: StoreOptions): Keyv {
  const keyv = new Keyv({
    ...(store ? { store } : {}),
    namespace: options.namespace ?? "vsbot",
    throwOnErrors: true,
  });
  keyv.on("error", (error: unknown) => options.logger.error("store.error", { error }));
  return keyv;
}

async function openSqlite(path: string, options: StoreOptions): Promise<StateStore> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 });
  try {
    // WAL with normal sync: commits without an fsync each, still crash-safe for the database.
    await adapter.query("PRAGMA journal_mode=WAL");
    await adapter.query("PRAGMA synchronous=NORMAL");
  } catch (error) {
    throw new VsbotError("store_unavailable", `cannot open sqlite database at ${path}`, {
      cause: error,
      userMessage: `Cannot open the sqlite database at ${path}. Check VSBOT_STORE_URL and the folder's permissions.`,
    });
  }
  const keyv = keyvFor(adapter as unknown as KeyvStoreAdapter, options);
  return new KeyvStateStore("sqlite", keyv, new InProcessKeyLock(), async () => {
    await keyv.disconnect();
  });
}

async function openRedis(url: string, options: StoreOptions): Promise<StateStore> {
  const adapter = new KeyvRedis(url, {
    throwOnConnectError: true,
    throwOnErrors: true,
    connectionTimeout: 5000,
  });
  adapter.on("error", () => {});
  let client: Awaited<ReturnType<KeyvRedis<unknown>["getClient"]>>;
  try {
    client = await adapter.getClient();
    await (client as unknown as { ping(): Promise<unknown> }).ping();
  } catch (error) {
    await adapter.disconnect(true).catch(() => {});
    throw new VsbotError("store_unavailable", `cannot reach Redis at ${describeStoreUrl(url)}`, {
      cause: error,
      userMessage: `Cannot reach Redis at ${describeStoreUrl(url)}. Check VSBOT_STORE_URL and that Redis is running.`,
    });
  }
  const keyv = keyvFor(adapter as unknown as KeyvStoreAdapter, options);
  const lock = new RedisKeyLock(async () => client as unknown as RedisLockClient, {
    prefix: `${options.namespace ?? "vsbot"}:lock:`,
  });
  return new KeyvStateStore("redis", keyv, lock, async () => {
    await keyv.disconnect();
  });
}

/** Opens the store a VSBOT_STORE_URL names: memory://, sqlite://<path> or redis://host:port. */
export async function createStateStore(url: string, options: StoreOptions): Promise<StateStore> {
  if (url === "memory://") {
    return new KeyvStateStore("memory", keyvFor(undefined, options), new InProcessKeyLock());
  }
  if (url.startsWith("sqlite://")) return openSqlite(url.slice("sqlite://".length), options);
  if (url.startsWith("redis://") || url.startsWith("rediss://")) return openRedis(url, options);
  throw new VsbotError("store_unavailable", `unsupported store URL ${describeStoreUrl(url)}`);
}
