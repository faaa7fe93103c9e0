import type { Logger } from "../engine/ports.js";

/** What a user still waiting at shutdown is told. */
export const RESTART_NOTICE =
  "vsbot is restarting, so it could not finish this request. Please try again in a minute.";

/** One request being worked on; `notice` tells its user, once they are waiting for an answer. */
export interface InFlightEntry {
  notice: (() => Promise<void>) | undefined;
  end(): void;
}

export interface SettleOutcome {
  /** Requests that finished within the grace period. */
  readonly finished: number;
  /** Requests still running after it, whose users were told the bot is restarting. */
  readonly told: number;
}

/**
 * The requests a platform is working on, so that stopping can let them finish for a grace
 * period and then tell the users still waiting, instead of leaving them on "thinking…".
 */
export class InFlight {
  readonly #entries = new Set<InFlightEntry & { readonly done: Promise<void> }>();

  begin(): InFlightEntry {
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const entry = {
      notice: undefined as (() => Promise<void>) | undefined,
      done,
      end: () => {
        this.#entries.delete(entry);
        finish();
      },
    };
    this.#entries.add(entry);
    return entry;
  }

  /** Runs `work` as one entry, ended however it settles. */
  async track<T>(work: (entry: InFlightEntry) => Promise<T>): Promise<T> {
    const entry = this.begin();
    try {
      return await work(entry);
    } finally {
      entry.end();
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Waits up to `graceMs` for every entry, then sends each one left its notice (waiting up to
   * `noticeMs` for them all). Never throws.
   */
  async settle(graceMs: number, noticeMs: number, logger: Logger): Promise<SettleOutcome> {
    const before = this.#entries.size;
    await within(Promise.allSettled([...this.#entries].map((entry) => entry.done)), graceMs);
    const left = [...this.#entries];
    const notices = left.map(async (entry) => {
      entry.end();
      try {
        await entry.notice?.();
      } catch (error) {
        logger.warn("platform.restart_notice_failed", { error });
      }
    });
    await within(Promise.allSettled(notices), noticeMs);
    return { finished: before - left.length, told: left.filter((entry) => entry.notice).length };
  }
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
