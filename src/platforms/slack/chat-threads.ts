import type { StateStore } from "../../engine/ports.js";

/** A thread stays the bot's this long after its latest chat reply there. */
const CHAT_THREAD_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Threads where the bot has given a chat reply (to a mention, in a DM, in the assistant
 * pane): later messages there are for it too and need no new mention. Kept in the shared
 * store, so every instance knows them.
 */
export class ChatThreads {
  readonly #store: StateStore;

  constructor(store: StateStore) {
    this.#store = store;
  }

  async joined(channel: string, threadTs: string): Promise<void> {
    await this.#store.set(keyOf(channel, threadTs), 1, CHAT_THREAD_TTL_MS);
  }

  async isJoined(channel: string, threadTs: string): Promise<boolean> {
    return (await this.#store.get<number>(keyOf(channel, threadTs))) !== undefined;
  }
}

function keyOf(channel: string, threadTs: string): string {
  return `slack:chat-thread:${channel}:${threadTs}`;
}
