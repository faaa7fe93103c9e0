import type { StateStore } from "../../engine/ports.js";

/**
 * Which threads vsbot opened for personas. ChatService owns the sessions; this only lets the
 * adapter show "is thinking…" in those threads (not in every thread it can read) and lets
 * `/persona end` or `/persona show`, typed in the channel, reach the channel's latest persona.
 */
export class PersonaThreads {
  readonly #store: StateStore;
  readonly #ttlMs: number | undefined;

  constructor(store: StateStore, ttlMs: number | undefined) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  async opened(channel: string, threadTs: string): Promise<void> {
    await Promise.all([
      this.#store.set(threadKey(channel, threadTs), 1, this.#ttlMs),
      this.#store.set(latestKey(channel), threadTs, this.#ttlMs),
    ]);
  }

  /** True for a thread opened for a persona; each message renews it, as it renews the session. */
  async isPersonaThread(channel: string, threadTs: string): Promise<boolean> {
    const key = threadKey(channel, threadTs);
    if ((await this.#store.get<number>(key)) === undefined) return false;
    await this.#store.set(key, 1, this.#ttlMs);
    return true;
  }

  async latest(channel: string): Promise<string | undefined> {
    return this.#store.get<string>(latestKey(channel));
  }
}

function threadKey(channel: string, threadTs: string): string {
  return `slack:persona-thread:${channel}:${threadTs}`;
}

function latestKey(channel: string): string {
  return `slack:persona-latest:${channel}`;
}
