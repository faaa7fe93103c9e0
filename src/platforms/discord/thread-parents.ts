/** What a lookup found: a thread's parent channel, or null for a channel that is no thread. */
export type ParentLookup = (channelId: string) => Promise<string | null>;

const REMEMBERED = 5000;

/**
 * The parent channel of each thread messages arrive in, which MESSAGE_CREATE does not name and
 * access lists need. Answers are remembered (threads never move); a failed lookup is not, and
 * counts as no parent.
 */
export class ThreadParents {
  readonly #lookup: ParentLookup;
  readonly #known = new Map<string, string | null>();

  constructor(lookup: ParentLookup) {
    this.#lookup = lookup;
  }

  /** A thread the bot opened itself, so no lookup is needed. */
  remember(channelId: string, parentId: string | null): void {
    this.#known.delete(channelId);
    this.#known.set(channelId, parentId);
    const oldest = this.#known.keys().next();
    if (this.#known.size > REMEMBERED && !oldest.done) this.#known.delete(oldest.value);
  }

  async parentOf(channelId: string): Promise<string | undefined> {
    if (this.#known.has(channelId)) return this.#known.get(channelId) ?? undefined;
    try {
      const parent = await this.#lookup(channelId);
      this.remember(channelId, parent);
      return parent ?? undefined;
    } catch {
      return undefined;
    }
  }
}
