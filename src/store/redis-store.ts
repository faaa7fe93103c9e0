import KeyvRedis, { createClient, defaultReconnectStrategy } from "@keyv/redis";
import type { KeyvStoreAdapter } from "keyv";
import { VsbotError } from "../engine/errors.js";
import type { StateStore } from "../engine/ports.js";
import { KeyvStateStore } from "./keyv-state-store.js";
import { RedisKeyLock } from "./redis-lock.js";
import {
  createKeyv,
  DEFAULT_NAMESPACE,
  DEFAULT_TIMEOUT_MS,
  describeStoreUrl,
  type StoreOptions,
} from "./store-options.js";

/** The client calls made here, typed loosely: node-redis's generics defeat assignability. */
interface RedisConnection {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  ping(): Promise<unknown>;
  destroy(): void;
  on(event: "error" | "ready", listener: (error: unknown) => void): unknown;
}

type AdapterConnection = ConstructorParameters<typeof KeyvRedis>[0];

/** Replies that no retry can fix: a refused password or user, an unknown database. */
const CONFIGURATION_ERROR = /^(WRONGPASS|NOAUTH|NOPERM|ERR)\b/;

function unavailable(described: string, cause: unknown): VsbotError {
  const reason = cause instanceof Error ? `: ${cause.message}` : "";
  return new VsbotError("store_unavailable", `cannot reach Redis at ${described}${reason}`, {
    cause,
    userMessage: `Cannot reach Redis at ${described}. Check VSBOT_STORE_URL and that Redis is running.`,
  });
}

function createRedisClient(url: string, timeoutMs: number, opened: () => boolean) {
  return createClient({
    url,
    socket: {
      connectTimeout: timeoutMs,
      // Before the first connection a configuration error is final; after it, retry anything.
      reconnectStrategy: (retries: number, cause: Error) =>
        !opened() && CONFIGURATION_ERROR.test(cause.message)
          ? cause
          : defaultReconnectStrategy(retries),
    },
    commandOptions: { timeout: timeoutMs },
  });
}

async function connectWithin(client: RedisConnection, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const connecting = client.connect();
  // Settles after the race is lost too (when destroy() ends the retries); nobody awaits it then.
  connecting.catch(() => {});
  try {
    await Promise.race([
      connecting,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    await client.ping();
  } finally {
    clearTimeout(timer);
  }
}

/** Logs once when the connection is lost and once when it is back, not on every retry. */
function watchConnection(client: RedisConnection, store: string, options: StoreOptions): void {
  let connected = true;
  client.on("error", (error: unknown) => {
    if (!connected) return;
    connected = false;
    options.logger.warn("store.connection_lost", { store, error });
  });
  client.on("ready", () => {
    if (connected) return;
    connected = true;
    options.logger.info("store.connection_restored", { store });
  });
}

/**
 * A store on a Redis server, shared by every process that uses it. The client reconnects on
 * its own; while Redis is unreachable each command waits at most `timeoutMs` and then fails.
 */
export async function openRedis(url: string, options: StoreOptions): Promise<StateStore> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const described = describeStoreUrl(url);
  let opened = false;
  let client: ReturnType<typeof createRedisClient>;
  try {
    client = createRedisClient(url, timeoutMs, () => opened);
  } catch {
    // The parse error quotes the whole URL, credentials included, so it is not kept.
    throw new VsbotError("store_unavailable", `invalid Redis URL ${described}`, {
      userMessage: `The Redis URL ${described} is not valid. Check VSBOT_STORE_URL.`,
    });
  }
  // An 'error' event without a listener would crash the process; the last one explains a failed start.
  let lastError: unknown;
  client.on("error", (error) => {
    lastError = error;
  });
  const adapter = new KeyvRedis(client as unknown as AdapterConnection, {
    throwOnConnectError: true,
    throwOnErrors: true,
  });
  try {
    await connectWithin(client, timeoutMs);
    opened = true;
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw unavailable(described, lastError ?? error);
  }
  watchConnection(client, described, options);
  // The adapter prefixes keys with "<namespace>::" itself; a Keyv prefix would double it.
  const keyv = createKeyv(options, adapter as unknown as KeyvStoreAdapter, { useKeyPrefix: false });
  const lock = new RedisKeyLock(async () => client, {
    prefix: `${namespace}:lock:`,
  });
  return new KeyvStateStore("redis", keyv, lock, async () => {
    await keyv.disconnect();
  });
}
