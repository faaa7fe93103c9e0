import type { Logger, StateStore } from "../engine/ports.js";

export interface ReplayGuardOptions {
  /** Store key prefix, e.g. "seen:discord:". */
  readonly prefix: string;
  /** How long an id is remembered, in the store and here. */
  readonly ttlMs: number;
  /** Ids this process remembers itself, newest kept. */
  readonly localCapacity?: number;
  /** How long the shared check may take before it is skipped (the store is struggling). */
  readonly claimTimeoutMs?: number;
  readonly now?: () => number;
}

/**
 * Remembers which platform deliveries (by their id) were already taken, so a replayed or
 * redelivered request is not processed twice. Two layers: this process's memory answers at
 * once, before the acknowledgement, and the shared store makes every instance agree.
 */
export class ReplayGuard {
  readonly #store: StateStore;
  readonly #logger: Logger;
  readonly #options: ReplayGuardOptions;
  readonly #seen = new Map<string, number>();

  constructor(store: StateStore, logger: Logger, options: ReplayGuardOptions) {
    this.#store = store;
    this.#logger = logger;
    this.#options = options;
  }

  /** True when this process has already taken `id`; takes it otherwise. Synchronous. */
  seenHere(id: string): boolean {
    const now = (this.#options.now ?? Date.now)();
    const expires = this.#seen.get(id);
    if (expires !== undefined && expires > now) return true;
    this.#seen.delete(id);
    this.#seen.set(id, now + this.#options.ttlMs);
    const capacity = this.#options.localCapacity ?? 10_000;
    while (this.#seen.size > capacity) {
      const oldest = this.#seen.keys().next();
      if (oldest.done) break;
      this.#seen.delete(oldest.value);
    }
    return false;
  }

  /**
   * Takes `id` in the shared store: false when another instance took it first. When the store
   * fails it answers true, since a rare double answer is better than a lost one.
   */
  async claim(id: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const claimed = this.#store.update<number, boolean>(
      `${this.#options.prefix}${id}`,
      (current) =>
        current === undefined ? { value: 1, result: true } : { value: current, result: false },
      this.#options.ttlMs,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("the replay check took too long")),
        this.#options.claimTimeoutMs ?? 3000,
      );
    });
    try {
      return await Promise.race([claimed, timeout]);
    } catch (error) {
      claimed.catch(() => {});
      this.#logger.warn("platform.replay_check_unavailable", { id, error });
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
