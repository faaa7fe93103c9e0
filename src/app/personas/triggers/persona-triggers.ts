import type { RandomSource } from "../../../engine/ports.js";
import type { Origin } from "../../types.js";
import type { PersonaSession } from "../persona-session.js";
import { cardTalkativeness, DEFAULT_TALKATIVENESS } from "./talkativeness.js";
import { namesAny, wakeWords } from "./wake-words.js";

/** Why a persona answers a message, or null when it stays quiet. */
export type TriggerReason = "addressed" | "own-thread" | "named" | "talkative" | null;

export interface TriggerInput {
  readonly session: PersonaSession;
  readonly origin: Origin;
  readonly text: string;
  /** A mention of the bot, a reply to the bot's or the persona's message, a DM. */
  readonly addressed: boolean;
}

/**
 * Where a persona hears every message: its own thread (the one /persona start opens, or any
 * thread it was started in), a DM, the console. Elsewhere, a channel where people also talk
 * among themselves, it answers only when triggered, or now and then by its talkativeness.
 */
export function hearsEverything(origin: Origin): boolean {
  return (
    origin.direct === true ||
    origin.platform === "console" ||
    origin.thread !== undefined ||
    origin.parentChannel !== undefined
  );
}

/** The persona's chance of answering a message nobody addressed to it: its own setting, else its card's. */
export function talkativenessOf(session: PersonaSession): number {
  return session.talkativeness ?? cardTalkativeness(session.card) ?? DEFAULT_TALKATIVENESS;
}

/**
 * Whether the persona answers this message: when addressed (mentioned, replied to), in a
 * place where it hears everything, when named by a wake word (its name or a nickname, a whole
 * word in any case), or unprompted with probability `talkativeness`. One random draw, only
 * for messages nothing else triggered.
 */
export function triggerFor(input: TriggerInput, random: RandomSource): TriggerReason {
  if (input.addressed) return "addressed";
  if (hearsEverything(input.origin)) return "own-thread";
  if (namesAny(input.text, wakeWords(input.session))) return "named";
  const chance = talkativenessOf(input.session);
  return chance > 0 && random.next() < chance ? "talkative" : null;
}
