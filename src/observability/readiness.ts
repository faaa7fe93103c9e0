import type { StateStore } from "../engine/ports.js";

/** Whether something the bot depends on can serve now. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface ReadinessReport {
  readonly ready: boolean;
  /** Each dependency by name: "ok" or why not. */
  readonly checks: Readonly<Record<string, string>>;
}

const STORE_PROBE_KEY = "readiness:probe";

/** A store read that must answer within `timeoutMs`; a store that is down fails or stalls. */
export function storeCheck(store: StateStore, timeoutMs: number): ReadinessCheck {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        store.get(STORE_PROBE_KEY).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Readiness for /readyz: the store answers and every platform connection is up. Not ready
 * until the platforms have started and registered, so a load balancer waits for them.
 */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  #started = false;

  add(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Every platform has started; from now on the checks alone decide. */
  started(): void {
    this.#started = true;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => {
        const ok = await Promise.resolve()
          .then(check)
          .catch(() => false);
        return [name, ok ? "ok" : "not ready"] as const;
      }),
    );
    const checks: Record<string, string> = Object.fromEntries(entries);
    if (!this.#started) checks.platforms = "starting";
    return {
      ready: this.#started && entries.every(([, state]) => state === "ok"),
      checks,
    };
  }
}
