import type { StateStore } from "../../engine/ports.js";

/**
 * The latest thread vsbot opened for a persona in each channel. ChatService owns the
 * sessions; this only lets `/persona end` or `/persona show`, typed in the channel (Slack
 * sends slash commands without a thread), reach the channel's latest persona.
 */
export class PersonaThreads {
  readonly #store: StateStore;
  readonly #ttlMs: number | undefined;

  constructor(store: StateStore, ttlMs: number | undefined) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  async opened(channel: string, threadTs: string): Promise<void> {
    await this.#store.set(latestKey(channel), threadTs, this.#ttlMs);
  }

  async latest(channel: string): Promise<string | undefined> {
    return this.#store.get<string>(latestKey(channel));
  }
}

function latestKey(channel: string): string {
  return `slack:persona-latest:${channel}`;
}
