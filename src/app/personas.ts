import type { StateStore } from "../engine/ports.js";
import type { Origin } from "./types.js";

export interface PersonaTurn {
  readonly speaker: string;
  readonly text: string;
  readonly persona: boolean;
  /** For persona turns: the tail the reply was drawn from, so "more" can swap it. */
  readonly tailId?: string;
}

export interface PersonaSession {
  readonly version: 1;
  readonly name: string;
  readonly description: string;
  readonly startedBy: string;
  readonly turns: readonly PersonaTurn[];
  readonly createdAt: number;
}

/** Stored history is capped; the prompt budget trims much earlier. */
const MAX_STORED_TURNS = 400;

/** A rough, dependency-free token estimate: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The newest turns that fit in the budget, oldest first. The persona description is kept
 * outside this budget's cuts: callers pass what it costs as `reserved`.
 */
export function trimToBudget(
  turns: readonly PersonaTurn[],
  budgetTokens: number,
  reserved: number,
): PersonaTurn[] {
  const kept: PersonaTurn[] = [];
  let used = reserved;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (!turn) continue;
    const cost = estimateTokens(turn.speaker) + estimateTokens(turn.text) + 2;
    if (used + cost > budgetTokens) break;
    used += cost;
    kept.unshift(turn);
  }
  return kept;
}

function isSession(value: unknown): value is PersonaSession {
  return (
    typeof value === "object" && value !== null && (value as { version?: unknown }).version === 1
  );
}

/** Persona sessions, one per channel or thread, kept in the state store with a sliding TTL. */
export class PersonaService {
  readonly #store: StateStore;
  readonly #ttlMs: number | undefined;

  constructor(store: StateStore, ttlMs: number | undefined) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  keyFor(origin: Origin, thread = origin.thread): string {
    const owner = origin.direct ? `dm:${origin.user}:` : "";
    return `persona:${origin.platform}:${owner}${origin.channel}:${thread || "-"}`;
  }

  /** The session for this thread, else for its channel. */
  async find(origin: Origin): Promise<{ key: string; session: PersonaSession } | null> {
    const keys = origin.thread
      ? [this.keyFor(origin), this.keyFor(origin, "")]
      : [this.keyFor(origin)];
    for (const key of keys) {
      const session = await this.#store.get<unknown>(key);
      if (isSession(session)) return { key, session };
    }
    return null;
  }

  async start(
    origin: Origin,
    name: string,
    description: string,
    now: number,
  ): Promise<PersonaSession> {
    const session: PersonaSession = {
      version: 1,
      name,
      description,
      startedBy: origin.user,
      turns: [],
      createdAt: now,
    };
    await this.#store.set(this.keyFor(origin), session, this.#ttlMs);
    return session;
  }

  async end(key: string): Promise<void> {
    await this.#store.delete(key);
  }

  /** Appends the user's message and the persona's reply; returns the reply's turn index. */
  async record(key: string, message: PersonaTurn, reply: PersonaTurn): Promise<number | null> {
    return this.#store.update<PersonaSession, number | null>(
      key,
      (session) => {
        if (!isSession(session)) return { value: session, result: null };
        const turns = [...session.turns, message, reply].slice(-MAX_STORED_TURNS);
        return { value: { ...session, turns }, result: turns.length - 1 };
      },
      this.#ttlMs,
    );
  }

  /** Swaps the persona's latest reply for another candidate of the same tail, if still latest. */
  async replaceLatest(key: string, tailId: string, text: string): Promise<boolean> {
    return this.#store.update<PersonaSession, boolean>(
      key,
      (session) => {
        const last = isSession(session) ? session.turns.at(-1) : undefined;
        if (!isSession(session) || !last?.persona || last.tailId !== tailId) {
          return { value: session, result: false };
        }
        const turns = [...session.turns.slice(0, -1), { ...last, text }];
        return { value: { ...session, turns }, result: true };
      },
      this.#ttlMs,
    );
  }
}
