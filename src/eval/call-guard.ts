import { type ErrorCode, toVsbotError, VsbotError } from "../engine/errors.js";
import type { Clock } from "../engine/ports.js";

/** Failures worth another try: the next attempt may well succeed. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "model_timeout",
  "model_rate_limited",
  "model_unavailable",
  "model_connection",
  "model_empty",
  "output_unparseable",
  "output_truncated",
]);

/** Failures that will not go away by asking again: the whole run stops on the first. */
const FATAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["model_auth"]);

/** With this many failures and not one success, the server is taken to be unreachable. */
const FAILURES_BEFORE_GIVING_UP = 5;

const BACKOFF_MS = 500;

/**
 * Runs the model calls of one evaluation: retries what may succeed on a second try (after the
 * client's own retries of HTTP failures), and stops the whole run when going on would only
 * lose every answer (a rejected API key; the first calls all failing). Losing an answer to a
 * failure is otherwise normal, and counted by the caller.
 */
export class CallGuard {
  readonly #clock: Clock;
  readonly #retries: number;
  #successes = 0;
  #failures = 0;
  #stopped: VsbotError | null = null;

  constructor(options: { readonly clock: Clock; readonly retries: number }) {
    this.#clock = options.clock;
    this.#retries = options.retries;
  }

  /** The error that stopped the run, if one did. */
  get stopped(): VsbotError | null {
    return this.#stopped;
  }

  /**
   * `attempt` up to 1 + retries times. `onAttempt` hears every attempt's outcome (for cost
   * accounting). Resolves to null when every attempt failed; rejects once the run is stopped.
   */
  async run<T>(
    attempt: () => Promise<T>,
    onAttempt: (outcome: { readonly error: VsbotError | null; readonly ms: number }) => void,
  ): Promise<T | null> {
    for (let tries = 0; ; tries++) {
      if (this.#stopped) throw this.#stopped;
      const started = this.#clock.now();
      try {
        const value = await attempt();
        onAttempt({ error: null, ms: this.#clock.now() - started });
        this.#successes += 1;
        return value;
      } catch (thrown) {
        const error = toVsbotError(thrown);
        onAttempt({ error, ms: this.#clock.now() - started });
        this.#failures += 1;
        this.#judge(error);
        if (this.#stopped) throw this.#stopped;
        if (!RETRYABLE.has(error.code) || tries >= this.#retries) return null;
        await this.#clock.sleep(BACKOFF_MS * 2 ** tries);
      }
    }
  }

  #judge(error: VsbotError): void {
    if (FATAL.has(error.code)) {
      this.#stopped = error;
    } else if (this.#successes === 0 && this.#failures >= FAILURES_BEFORE_GIVING_UP) {
      this.#stopped = new VsbotError(
        error.code,
        `the first ${this.#failures} model calls all failed; the last: ${error.message}`,
        {
          cause: error,
          userMessage: `Stopped: the first ${this.#failures} model calls all failed (${error.code}: ${error.userMessage}).`,
        },
      );
    }
  }
}
