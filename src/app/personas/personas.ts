import type { StateStore } from "../../engine/ports.js";
import type { Origin } from "../types.js";
import {
  type PersonaSession,
  type PersonaSwipes,
  type PersonaTurn,
  readSession,
} from "./persona-session.js";

export type {
  PersonaAvatar,
  PersonaIdentity,
  PersonaSession,
  PersonaSwipes,
  PersonaTurn,
} from "./persona-session.js";

/** What a new session needs; turns, the starter and the time are filled in. */
export type PersonaStart = Pick<PersonaSession, "name" | "description" | "identity"> &
  Partial<Pick<PersonaSession, "card">>;

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

/** A change to the latest turn's swipes: the swipes after it, and what the caller learns. */
export type SwipeChange<Result> = {
  readonly swipes: PersonaSwipes;
  readonly result: Result;
} | null;

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
      const session = readSession(await this.#store.get<unknown>(key));
      if (session) return { key, session };
    }
    return null;
  }

  /** A new session here, replacing any; `greeting` is its first turn when the card has one. */
  async start(
    origin: Origin,
    persona: PersonaStart,
    now: number,
    greeting?: PersonaTurn,
  ): Promise<PersonaSession> {
    const session: PersonaSession = {
      version: 2,
      ...persona,
      startedBy: origin.user,
      turns: greeting ? [greeting] : [],
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
    return this.#update(key, null, (session) => {
      const turns = [...session.turns, message, reply].slice(-MAX_STORED_TURNS);
      return { session: { ...session, turns }, result: turns.length - 1 };
    });
  }

  /** Swaps the persona's latest reply for another candidate of the same tail, if still latest. */
  async replaceLatest(key: string, tailId: string, text: string): Promise<boolean> {
    return this.#update(key, false, (session) => {
      const last = session.turns.at(-1);
      if (!last?.persona || last.tailId !== tailId) return null;
      const turns = [...session.turns.slice(0, -1), { ...last, text }];
      return { session: { ...session, turns }, result: true };
    });
  }

  /**
   * Changes the swipes of the latest turn, when it is the one named `swipeId`; the shown
   * candidate becomes the turn's text. `change` returns null to leave it as it is.
   */
  async changeSwipes<Result>(
    key: string,
    swipeId: string,
    change: (swipes: PersonaSwipes) => SwipeChange<Result>,
  ): Promise<SwipeChange<Result>> {
    return this.#update<SwipeChange<Result>>(key, null, (session) => {
      const last = session.turns.at(-1);
      if (!last?.persona || last.swipes?.id !== swipeId) return null;
      const changed = change(last.swipes);
      if (!changed) return null;
      const text = changed.swipes.candidates[changed.swipes.showing] ?? last.text;
      const turn: PersonaTurn = { ...last, text, swipes: changed.swipes };
      return {
        session: { ...session, turns: [...session.turns.slice(0, -1), turn] },
        result: changed,
      };
    });
  }

  /**
   * Drops the last exchange: the persona's latest reply and the message it answered (a
   * greeting alone, when that is all there is). Returns the turns dropped.
   */
  async forgetLast(key: string): Promise<readonly PersonaTurn[]> {
    return this.#update<readonly PersonaTurn[]>(key, [], (session) => {
      const turns = [...session.turns];
      const dropped: PersonaTurn[] = [];
      const last = turns.at(-1);
      if (!last) return null;
      dropped.unshift(turns.pop() as PersonaTurn);
      // An exchange is a message and its reply; a user message left unanswered goes alone.
      if (last.persona && turns.at(-1)?.persona === false) {
        dropped.unshift(turns.pop() as PersonaTurn);
      }
      return { session: { ...session, turns }, result: dropped };
    });
  }

  /** Clears the history; the persona stays. Returns how many turns went. */
  async reset(key: string): Promise<number> {
    return this.#update(key, 0, (session) => ({
      session: { ...session, turns: [] },
      result: session.turns.length,
    }));
  }

  /** Appends turns (a scene's lines) to the history; false when the session is gone. */
  async append(key: string, turns: readonly PersonaTurn[]): Promise<boolean> {
    return this.#update(key, false, (session) => ({
      session: { ...session, turns: [...session.turns, ...turns].slice(-MAX_STORED_TURNS) },
      result: true,
    }));
  }

  /** Sets how often the persona answers unprompted (0..1); false when the session is gone. */
  async setTalkativeness(key: string, level: number): Promise<boolean> {
    return this.#update(key, false, (session) => ({
      session: { ...session, talkativeness: level },
      result: true,
    }));
  }

  async #update<Result>(
    key: string,
    none: Result,
    change: (session: PersonaSession) => { session: PersonaSession; result: Result } | null,
  ): Promise<Result> {
    return this.#store.update<unknown, Result>(
      key,
      (stored) => {
        const session = readSession(stored);
        const changed = session ? change(session) : null;
        if (!changed) return { value: stored, result: none };
        return { value: changed.session, result: changed.result };
      },
      this.#ttlMs,
    );
  }
}
