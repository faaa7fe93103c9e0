import Keyv, { type Deserialize, type KeyvStoreAdapter, type Serialize } from "keyv";
import type { Logger } from "../engine/ports.js";

export interface StoreOptions {
  readonly logger: Logger;
  /** Prefix for every key, so several bots can share one Redis or one sqlite file. */
  readonly namespace?: string;
  /**
   * How long to wait for Redis: to connect at start, and per command while it is unreachable,
   * before failing with store_unavailable. Defaults to 5 s.
   */
  readonly timeoutMs?: number;
  /** How often expired entries are deleted from memory and sqlite. Defaults to 10 minutes. */
  readonly sweepIntervalMs?: number;
}

export const DEFAULT_NAMESPACE = "vsbot";
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_SWEEP_INTERVAL_MS = 10 * 60_000;

/** Hides credentials in a store URL before it reaches a log or a reply. */
export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

export interface KeyvSettings {
  readonly useKeyPrefix?: boolean;
  /** Keyv's default (used by the stores that share data across processes) unless given. */
  readonly serialize?: Serialize;
  readonly deserialize?: Deserialize;
}

/**
 * A Keyv that throws instead of swallowing failures. Callers see every failure as a thrown
 * store_unavailable, so the events Keyv also emits are only worth a debug line.
 */
export function createKeyv(
  options: StoreOptions,
  store: KeyvStoreAdapter,
  settings: KeyvSettings = {},
): Keyv {
  const keyv = new Keyv({
    store,
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    useKeyPrefix: settings.useKeyPrefix ?? true,
    throwOnErrors: true,
    ...(settings.serialize ? { serialize: settings.serialize } : {}),
    ...(settings.deserialize ? { deserialize: settings.deserialize } : {}),
  });
  keyv.on("error", (error: unknown) => options.logger.debug("store.keyv_error", { error }));
  return keyv;
}
