/** How many tasks past their maximum delay start in one event-loop turn. */
const OVERDUE_PER_TURN = 8;
/**
 * Tasks this close to their maximum delay count as overdue with the ones past it: timers fire
 * at millisecond granularity, so tasks queued microseconds apart would otherwise each cost a
 * timer and a loop turn of their own.
 */
const OVERDUE_SLACK_MS = 2;

export interface AckFirstOptions {
  /** The slow work waits until no event has arrived for this long. */
  readonly quietMs?: number;
  /** ... but no task waits longer than this, however busy the burst. */
  readonly maxDelayMs?: number;
}

/**
 * Orders the work after an acknowledgement behind the acknowledgements themselves. Platforms
 * give 3 s to ack (Slack) or defer (Discord); the model and store work that follows can wait
 * a few milliseconds. Tasks start once incoming events have paused for `quietMs` (or after
 * `maxDelayMs`), one per event-loop turn (a few, once they are overdue), so a burst of 200
 * commands is acked before the first model request is built, instead of each ack queueing
 * behind earlier model work.
 */
export class AckFirstScheduler {
  readonly #quietMs: number;
  readonly #maxDelayMs: number;
  readonly #waiting: { readonly since: number; readonly start: () => void }[] = [];
  readonly #running = new Set<Promise<unknown>>();
  #lastArrival = 0;
  #timer: NodeJS.Timeout | undefined;
  #draining = false;

  constructor(options: AckFirstOptions = {}) {
    this.#quietMs = options.quietMs ?? 10;
    this.#maxDelayMs = options.maxDelayMs ?? 250;
  }

  /** Marks that an event has just arrived: call it before acknowledging each one. */
  arrived(): void {
    this.#lastArrival = performance.now();
  }

  /** Runs the task once the burst allows; settles as the task does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const running = new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        since: performance.now(),
        start: () => {
          Promise.resolve().then(task).then(resolve, reject);
        },
      });
    });
    this.#running.add(running);
    const forget = () => this.#running.delete(running);
    running.then(forget, forget);
    this.#schedule();
    return running;
  }

  /** Resolves when the caller may start its slow work (for callers that track it themselves). */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push({ since: performance.now(), start: resolve });
      this.#schedule();
    });
  }

  /** Resolves once every task started so far, and any they started, has settled. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.allSettled([...this.#running]);
    }
  }

  #schedule(): void {
    if (this.#draining || this.#timer) return;
    const now = performance.now();
    const oldest = this.#waiting[0];
    if (!oldest) return;
    const quietIn = this.#lastArrival + this.#quietMs - now;
    const overdueIn = oldest.since + this.#maxDelayMs - now;
    const wait = Math.min(quietIn, overdueIn);
    if (wait <= 0) {
      this.#drain();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#schedule();
    }, Math.ceil(wait));
  }

  #drain(): void {
    this.#draining = true;
    setImmediate(() => {
      this.#draining = false;
      this.#waiting.shift()?.start();
      // Under sustained load arrivals never pause, and every task waits out the maximum
      // delay. Those that have start a few to a turn: one a turn would cost a loop turn per
      // task (a quarter of the CPU per answer at 300 interactions a second) for acks that
      // the few milliseconds of a handful of starts do not endanger.
      const now = performance.now();
      for (let started = 1; started < OVERDUE_PER_TURN; started++) {
        const next = this.#waiting[0];
        if (!next || next.since + this.#maxDelayMs > now + OVERDUE_SLACK_MS) break;
        this.#waiting.shift()?.start();
      }
      this.#schedule();
    });
  }
}
