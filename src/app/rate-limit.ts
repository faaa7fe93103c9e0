import { VsbotError } from "../engine/errors.js";
import type { Clock, StateStore } from "../engine/ports.js";
import type { Origin } from "./types.js";

export interface RateLimit {
  readonly count: number;
  readonly windowMs: number;
}

interface Window {
  readonly startedAt: number;
  readonly used: number;
}

function describeWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

/**
 * A fixed-window limit per user on requests that call the model, kept in the state store so
 * every instance of the bot counts together. The local console is never limited.
 */
export class UserRateLimiter {
  readonly #store: StateStore;
  readonly #limit: RateLimit | null;
  readonly #clock: Clock;

  constructor(store: StateStore, limit: RateLimit | null, clock: Clock) {
    this.#store = store;
    this.#limit = limit;
    this.#clock = clock;
  }

  /** Counts one request for the user, or throws user_rate_limited when the window is full. */
  async take(origin: Origin): Promise<void> {
    const limit = this.#limit;
    if (!limit || origin.platform === "console") return;
    const now = this.#clock.now();
    const key = `ratelimit:${origin.platform}:${origin.server ?? "-"}:${origin.user}`;
    const waitMs = await this.#store.update<Window, number>(
      key,
      (current) => {
        const window =
          current && now - current.startedAt < limit.windowMs
            ? current
            : { startedAt: now, used: 0 };
        if (window.used >= limit.count) {
          return { value: current, result: window.startedAt + limit.windowMs - now };
        }
        return { value: { ...window, used: window.used + 1 }, result: 0 };
      },
      limit.windowMs,
    );
    if (waitMs > 0) {
      throw new VsbotError(
        "user_rate_limited",
        `user ${origin.user} is over ${limit.count} requests`,
        {
          userMessage: `You have reached the limit of ${limit.count} requests. Please try again in ${describeWait(waitMs)}.`,
          details: { platform: origin.platform, waitMs },
        },
      );
    }
  }
}
