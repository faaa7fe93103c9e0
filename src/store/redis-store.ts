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

interface Diagnosis {
  /** A stable word for logs and tests: what kind of failure this is. */
  readonly reason:
    | "auth"
    | "no_password"
    | "permission"
    | "database"
    | "refused"
    | "unknown_host"
    | "unreachable"
    | "timeout"
    | "tls"
    | "other";
  readonly problem: string;
  readonly fix: string;
}

function errorText(cause: unknown): { readonly message: string; readonly code: string } {
  const error = cause as { message?: unknown; code?: unknown } | null;
  return {
    message: typeof error?.message === "string" ? error.message : String(cause),
    code: typeof error?.code === "string" ? error.code : "",
  };
}

/** What went wrong opening Redis, told apart so each gets its own message and fix. */
function diagnose(cause: unknown, described: string, timeoutMs: number): Diagnosis {
  const { message, code } = errorText(cause);
  const url = "VSBOT_STORE_URL";
  if (/^WRONGPASS\b|invalid username-password/i.test(message)) {
    return {
      reason: "auth",
      problem: `Redis at ${described} refused the user name or password`,
      fix: `correct the password in ${url} (redis://:password@host:port, or redis://user:password@host:port with ACL users)`,
    };
  }
  if (/^NOAUTH\b/.test(message)) {
    return {
      reason: "auth",
      problem: `Redis at ${described} requires a password, and ${url} gives none`,
      fix: `put the password in ${url}: redis://:password@host:port`,
    };
  }
  if (/called without any password configured/i.test(message)) {
    return {
      reason: "no_password",
      problem: `Redis at ${described} has no password set, but ${url} gives one`,
      fix: `remove the password from ${url}, or set requirepass on the Redis server`,
    };
  }
  if (/^NOPERM\b/.test(message)) {
    return {
      reason: "permission",
      problem: `the Redis user in ${url} lacks permission for the commands vsbot needs (${message.split("\n")[0]})`,
      fix: "grant that ACL user +@read +@write +@scripting on the keys, or use another user",
    };
  }
  if (/DB index is out of range|invalid DB index/i.test(message)) {
    return {
      reason: "database",
      problem: `Redis at ${described} has no such database number`,
      fix: `use a database number the server has in ${url} (redis://host:port/0)`,
    };
  }
  if (code === "ECONNREFUSED" || /ECONNREFUSED/.test(message)) {
    return {
      reason: "refused",
      problem: `nothing accepts connections at ${described} (connection refused)`,
      fix: `start Redis there, or correct the host and port in ${url}`,
    };
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /ENOTFOUND|EAI_AGAIN/.test(message)) {
    return {
      reason: "unknown_host",
      problem: `the host name in ${described} cannot be resolved`,
      fix: `correct the host name in ${url}`,
    };
  }
  if (/EHOSTUNREACH|ENETUNREACH|EHOSTDOWN/.test(`${code} ${message}`)) {
    return {
      reason: "unreachable",
      problem: `the network has no route to ${described}`,
      fix: `check the host in ${url} and the network between this machine and Redis`,
    };
  }
  if (/timeout|timed out|no answer within/i.test(`${code} ${message}`)) {
    return {
      reason: "timeout",
      problem: `Redis at ${described} did not answer within ${timeoutMs} ms`,
      fix: `check that ${url} names a Redis server and that no firewall drops the connection; a TLS server needs rediss://`,
    };
  }
  if (/SSL|TLS|certificate|EPROTO/i.test(`${code} ${message}`)) {
    return {
      reason: "tls",
      problem: `the TLS handshake with ${described} failed (${message})`,
      fix: `use rediss:// only for a TLS server, redis:// otherwise, and check its certificate`,
    };
  }
  return {
    reason: "other",
    problem: `cannot use Redis at ${described}: ${message}`,
    fix: `check ${url} and that Redis is running`,
  };
}

function unavailable(described: string, cause: unknown, timeoutMs: number): VsbotError {
  const diagnosis = diagnose(cause, described, timeoutMs);
  const { message } = errorText(cause);
  return new VsbotError("store_unavailable", `${diagnosis.problem}: ${message}`, {
    cause,
    userMessage: `${diagnosis.problem[0]?.toUpperCase() ?? ""}${diagnosis.problem.slice(1)}. Fix: ${diagnosis.fix}.`,
    details: { reason: diagnosis.reason },
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
    // While the connection is down, a command fails at once instead of queueing until Redis
    // is back: in an outage every request would otherwise hold its work and memory for the
    // whole timeout, and the queue would all be sent at once on reconnecting, delaying the
    // acknowledgements of the requests arriving then. The user is told at once instead.
    disableOfflineQueue: true,
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
 * its own; while the connection is down commands fail at once, and a command Redis does not
 * answer fails after `timeoutMs`.
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
    throw unavailable(described, lastError ?? error, timeoutMs);
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
