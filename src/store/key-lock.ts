/** Runs functions one at a time per key. */
export interface KeyLock {
  run<T>(key: string, critical: () => Promise<T>): Promise<T>;
}

/** Serializes work per key inside this process: a promise chain per key, dropped when idle. */
export class InProcessKeyLock implements KeyLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, critical: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(critical, critical);
    const settled = current.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, settled);
    try {
      return await current;
    } finally {
      if (this.#tails.get(key) === settled) this.#tails.delete(key);
    }
  }
}
