/**
 * The work that follows each ack: started one piece per event-loop turn, and tracked so
 * shutdown (and tests) can wait for it.
 *
 * Started at once, a burst of 200 commands would build 200 model requests before Node read the
 * rest of the burst, and those requests would wait for their ack (HTTP mode answers Slack with
 * the ack). One start per turn lets the loop read, verify and ack waiting requests in between.
 */
export class WorkQueue {
  readonly #running = new Set<Promise<void>>();
  readonly #waiting: (() => void)[] = [];
  #draining = false;

  run(task: () => Promise<void>): Promise<void> {
    const running = new Promise<void>((resolve, reject) => {
      this.#waiting.push(() => {
        Promise.resolve().then(task).then(resolve, reject);
      });
    });
    this.#running.add(running);
    const forget = () => {
      this.#running.delete(running);
    };
    running.then(forget, forget);
    this.#schedule();
    return running;
  }

  /** Resolves once every task started so far, and any they started, has settled. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.allSettled([...this.#running]);
    }
  }

  #schedule(): void {
    if (this.#draining) return;
    this.#draining = true;
    setImmediate(() => this.#startNext());
  }

  #startNext(): void {
    this.#waiting.shift()?.();
    if (this.#waiting.length > 0) setImmediate(() => this.#startNext());
    else this.#draining = false;
  }
}
