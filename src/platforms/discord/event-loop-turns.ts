/**
 * Hands out event-loop turns one at a time. Work that waits for a turn runs one job per loop
 * iteration, with I/O polled in between, so a burst of interactions gets every deferral out
 * before the model and store work queued behind them, instead of interleaving the two.
 */
export class EventLoopTurns {
  readonly #waiting: (() => void)[] = [];
  #scheduled = false;

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#waiting.shift()?.();
      if (this.#waiting.length > 0) this.#schedule();
    });
  }
}
