import type { webApi } from "@slack/bolt";
import type { Logger } from "../../engine/ports.js";

export interface SlackUser {
  /** The display name, else the real name, else the handle; absent when the lookup failed. */
  readonly name?: string;
  /** Workspace admins and owners: Slack sends no per-channel manage right in its payloads. */
  readonly canManage: boolean;
}

const CACHE_TTL_MS = 5 * 60 * 1000;
const CACHE_SIZE = 1000;

/** users.info with a small cache; a failed lookup is not cached and grants nothing. */
export class UserDirectory {
  readonly #client: webApi.WebClient;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #cache = new Map<string, { readonly user: SlackUser; readonly expires: number }>();

  constructor(client: webApi.WebClient, logger: Logger, now: () => number) {
    this.#client = client;
    this.#logger = logger;
    this.#now = now;
  }

  async lookup(userId: string): Promise<SlackUser> {
    const cached = this.#cache.get(userId);
    if (cached && cached.expires > this.#now()) return cached.user;
    try {
      const { user } = await this.#client.users.info({ user: userId });
      const name = user?.profile?.display_name || user?.real_name || user?.name;
      const found: SlackUser = {
        ...(name ? { name } : {}),
        canManage: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
      };
      this.#remember(userId, found);
      return found;
    } catch (error) {
      this.#logger.warn("slack.user_lookup_failed", { user: userId, error });
      return { canManage: false };
    }
  }

  #remember(userId: string, user: SlackUser): void {
    this.#cache.delete(userId);
    this.#cache.set(userId, { user, expires: this.#now() + CACHE_TTL_MS });
    const oldest = this.#cache.keys().next();
    if (this.#cache.size > CACHE_SIZE && !oldest.done) this.#cache.delete(oldest.value);
  }
}
