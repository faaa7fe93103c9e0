import type { CharacterCard } from "./cards/index.js";

/**
 * The face a persona posts with: a Discord webhook's `username` and `avatar_url`, Slack's
 * `username` and `icon_url`. Where a platform cannot post under another name, the name is
 * shown as a prefix instead.
 */
export interface PersonaIdentity {
  /** Safe to post: one line, no mentions or markup (cards' `displayName`). */
  readonly displayName: string;
  readonly avatar?: PersonaAvatar;
  /**
   * Other names the persona answers to (wake words), besides `displayName`: the card's V3
   * nickname and any given with the command. Lower-case comparisons are the caller's choice.
   */
  readonly nicknames: readonly string[];
}

/**
 * An image webhooks and Slack can show. Both need a public https URL: neither takes bytes
 * per message. `source` says where it came from, so an export or `show` can tell people.
 */
export interface PersonaAvatar {
  readonly url: string;
  /** `option`: given with the command; `card`: the card's own icon asset; `upload`: the PNG card file itself. */
  readonly source: "option" | "card" | "upload";
}

/**
 * The replies one persona turn can show: ◀ and ▶ move through `candidates`, and the one at
 * `showing` is the turn's text (what later turns see). Past the last one, ▶ asks the tail for
 * more; a turn with no `tailId` (a card's greetings) has no more than it holds.
 */
export interface PersonaSwipes {
  /** Names this turn in button ids; unique within the session. */
  readonly id: string;
  /** The user whose message (or command) brought this turn: only they may swipe it. */
  readonly promptedBy: string;
  readonly candidates: readonly string[];
  readonly showing: number;
  /** The engine tail the candidates come from, when there is one. */
  readonly tailId?: string;
  /** Set when the tail said it has nothing new: ▶ at the end wraps to the first. */
  readonly ended?: boolean;
}

export interface PersonaTurn {
  readonly speaker: string;
  readonly text: string;
  readonly persona: boolean;
  /** For persona turns: the tail the reply was drawn from, so "more" can swap it. */
  readonly tailId?: string;
  /** For persona turns: the candidates the reply can be swiped through. */
  readonly swipes?: PersonaSwipes;
}

/** A persona session, one per channel or thread, as the state store keeps it. */
export interface PersonaSession {
  readonly version: 2;
  /** The name the prompt uses (a card's `{{char}}`). */
  readonly name: string;
  /** The free-text description of `/persona start`; "" for a card's persona. */
  readonly description: string;
  /** The imported card, exactly as read, when the persona came from one. */
  readonly card?: CharacterCard;
  readonly identity: PersonaIdentity;
  readonly startedBy: string;
  readonly turns: readonly PersonaTurn[];
  readonly createdAt: number;
  /**
   * The chance (0..1) it answers a message nobody addressed to it, where it does not hear
   * everything; set by `/persona talkativeness`, else the card's, else 0.
   */
  readonly talkativeness?: number;
}

/** Sessions stored before cards (version 1) had a name and a description only. */
interface LegacySession {
  readonly version: 1;
  readonly name: string;
  readonly description: string;
  readonly startedBy: string;
  readonly turns: readonly PersonaTurn[];
  readonly createdAt: number;
}

/** A stored value as a current session, or null when it is not one. */
export function readSession(value: unknown): PersonaSession | null {
  if (typeof value !== "object" || value === null) return null;
  const version = (value as { version?: unknown }).version;
  if (version === 2) return value as PersonaSession;
  if (version !== 1) return null;
  const legacy = value as LegacySession;
  return {
    ...legacy,
    version: 2,
    identity: { displayName: legacy.name, nicknames: [] },
  };
}

/** The turn ◀ and ▶ act on: the latest one, when it is the persona's and has swipes. */
export function latestSwipes(session: PersonaSession): PersonaSwipes | undefined {
  const last = session.turns.at(-1);
  return last?.persona ? last.swipes : undefined;
}
