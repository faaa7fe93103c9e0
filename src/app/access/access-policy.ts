import type { AccessConfig } from "../../config/access.js";
import type { Origin } from "../types.js";

/** Why someone may not use the bot where they asked; null when they may. */
export type Refusal = "blocked" | "channel" | "direct" | "user";

function anyIn(ids: readonly (string | undefined)[], list: ReadonlySet<string>): boolean {
  return ids.some((id) => id !== undefined && list.has(id));
}

/**
 * Who may use the bot, where, and who may change its settings, from the allow and block
 * lists. A block always wins, admins included. An empty allow-list allows everyone. Admins pass
 * the allow-lists and the DM switch. A thread counts as its parent channel. The user and role
 * allow-lists admit together: a person passes when listed or holding a listed role. Roles apply
 * only where the platform has them (Discord), so with VSBOT_ALLOWED_ROLES set, Discord DMs are
 * open only to listed users and admins. DMs are outside the channel lists.
 */
export class AccessPolicy {
  readonly #allowedChannels: ReadonlySet<string>;
  readonly #blockedChannels: ReadonlySet<string>;
  readonly #allowedRoles: ReadonlySet<string>;
  readonly #blockedRoles: ReadonlySet<string>;
  readonly #allowedUsers: ReadonlySet<string>;
  readonly #blockedUsers: ReadonlySet<string>;
  readonly #admins: ReadonlySet<string>;
  readonly #allowDms: boolean;

  constructor(config: AccessConfig) {
    this.#allowedChannels = new Set(config.allowedChannels);
    this.#blockedChannels = new Set(config.blockedChannels);
    this.#allowedRoles = new Set(config.allowedRoles);
    this.#blockedRoles = new Set(config.blockedRoles);
    this.#allowedUsers = new Set(config.allowedUsers);
    this.#blockedUsers = new Set(config.blockedUsers);
    this.#admins = new Set(config.adminUsers);
    this.#allowDms = config.allowDms;
  }

  refusal(origin: Origin): Refusal | null {
    const channels = [origin.channel, origin.parentChannel];
    const roles = origin.roles ?? [];
    if (this.#blockedUsers.has(origin.user) || anyIn(roles, this.#blockedRoles)) return "blocked";
    if (anyIn(channels, this.#blockedChannels)) return "channel";
    if (this.isAdmin(origin)) return null;
    if (origin.direct === true) {
      if (!this.#allowDms) return "direct";
    } else if (this.#allowedChannels.size > 0 && !anyIn(channels, this.#allowedChannels)) {
      return "channel";
    }
    const rolesApply = origin.roles !== undefined && this.#allowedRoles.size > 0;
    if (this.#allowedUsers.size === 0 && !rolesApply) return null;
    const admitted =
      this.#allowedUsers.has(origin.user) || (rolesApply && anyIn(roles, this.#allowedRoles));
    return admitted ? null : "user";
  }

  isAdmin(origin: Origin): boolean {
    return this.#admins.has(origin.user);
  }

  /**
   * May change /vs settings here. The console has no permission system and grants every user;
   * once admins are named, it defers to that list, so a scripted multi-user session behaves
   * like a server.
   */
  mayManageChannel(origin: Origin): boolean {
    return this.isAdmin(origin) || (origin.canManage && this.#platformGrants(origin));
  }

  /** May see the server's usage and change its settings. */
  mayManageServer(origin: Origin): boolean {
    const granted = origin.canManageServer ?? origin.canManage;
    return this.isAdmin(origin) || (granted && this.#platformGrants(origin));
  }

  #platformGrants(origin: Origin): boolean {
    return origin.platform !== "console" || this.#admins.size === 0;
  }
}
