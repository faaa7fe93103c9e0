import type { Logger, StateStore } from "../../engine/ports.js";

const PREFIX = "dedupe:slack:";

/** Slack retries for up to about six minutes (at once, after 1 min, after 5 min). */
export const DEDUPE_TTL_MS = 60 * 60 * 1000;

/**
 * Remembers which Slack deliveries were handled, in the shared state store, so a retried
 * delivery (same trigger_id, event or message) is acknowledged but not answered twice, even
 * when another instance got the first one.
 */
export class DeliveryGuard {
  readonly #store: StateStore;
  readonly #logger: Logger;
  readonly #ttlMs: number;

  constructor(store: StateStore, logger: Logger, ttlMs = DEDUPE_TTL_MS) {
    this.#store = store;
    this.#logger = logger;
    this.#ttlMs = ttlMs;
  }

  /**
   * True for the first delivery of `key`, false for every later one. When the store fails it
   * answers true: a rare duplicate reply is better than a lost one.
   */
  async first(key: string): Promise<boolean> {
    try {
      return await this.#store.update<number, boolean>(
        `${PREFIX}${key}`,
        (current) =>
          current === undefined ? { value: 1, result: true } : { value: current, result: false },
        this.#ttlMs,
      );
    } catch (error) {
      this.#logger.warn("slack.dedupe_unavailable", { key, error });
      return true;
    }
  }
}
