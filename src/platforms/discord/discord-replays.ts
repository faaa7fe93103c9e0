import type { Logger, StateStore } from "../../engine/ports.js";
import { ReplayGuard } from "../replay-guard.js";

/** An interaction token lives 15 minutes; nothing older can be answered anyway. */
const INTERACTION_LIFETIME_MS = 15 * 60_000;

/** Interaction ids taken by any instance: `seen:discord:<id>` in the shared store. */
export function discordReplayGuard(store: StateStore, logger: Logger): ReplayGuard {
  return new ReplayGuard(store, logger, {
    prefix: "seen:discord:",
    ttlMs: INTERACTION_LIFETIME_MS,
  });
}

/** Slower than any redelivery or second gateway connection could bring a message again. */
const MESSAGE_MEMORY_MS = 60 * 60_000;

/** Message ids answered by any instance: `seen:discord-message:<id>` in the shared store. */
export function discordMessageReplays(store: StateStore, logger: Logger): ReplayGuard {
  return new ReplayGuard(store, logger, {
    prefix: "seen:discord-message:",
    ttlMs: MESSAGE_MEMORY_MS,
  });
}
