import { tailOrder } from "./distribution.js";
import { candidateKey } from "./parse/index.js";
import type { EarlierCandidate } from "./prompts.js";
import type { TaskSpec } from "./task.js";
import type { ParsedCandidate } from "./types.js";

export interface StoredCandidate {
  readonly text: string;
  /** Normalized within its round (one model call). */
  readonly probability: number;
  readonly verbalized: number | null;
  /** 1 for the first call, 2 for the first call for more, ... */
  readonly round: number;
}

/** Everything the engine keeps about one reply and its "more like this" chain. */
export interface TailState {
  readonly version: 1;
  readonly spec: TaskSpec;
  /** Opaque labels the caller attaches (e.g. a persona session); returned with every draw. */
  readonly tags: Readonly<Record<string, string>>;
  readonly candidates: readonly StoredCandidate[];
  /** Indices into candidates, in the order they were shown. */
  readonly shown: readonly number[];
  readonly rounds: number;
  /** How many candidates each draw shows (1, or a list's length). */
  readonly batch: number;
  /** Set while one click fetches more from the model, so concurrent clicks wait for it. */
  readonly refill: { readonly token: string; readonly until: number } | null;
  readonly createdAt: number;
}

export interface ShownCandidate extends StoredCandidate {
  readonly index: number;
}

/** Held by the one click that fetches more for a tail that ran short. */
export interface RefillLease {
  readonly token: string;
  readonly wanted: number;
  /** Every text shown so far in this tail, oldest first. */
  readonly shown: readonly string[];
  /** For VS-Multi: every earlier call's candidates, to replay as conversation turns. */
  readonly rounds?: readonly (readonly EarlierCandidate[])[];
}

export interface Claimed {
  readonly kind: "claimed";
  readonly claimed: readonly ShownCandidate[];
  /** Set when the tail ran short and this click holds the lease to fetch more. */
  readonly refill: RefillLease | null;
  readonly spec: TaskSpec;
  readonly tags: Readonly<Record<string, string>>;
  readonly remaining: number;
  readonly shownBefore: number;
}

export type ClaimOutcome = { readonly kind: "missing" } | { readonly kind: "busy" } | Claimed;

export interface AddedRound {
  readonly claimed: readonly ShownCandidate[];
  readonly added: number;
  readonly remaining: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** A state update: the value to store and what the caller learns. */
export interface Transition<Result> {
  readonly value: TailState | undefined;
  readonly result: Result;
}

export function isTailState(value: unknown): value is TailState {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { version?: unknown }).version === 1 &&
    Array.isArray((value as { candidates?: unknown }).candidates)
  );
}

/** The unshown candidates, in the order "more" hands them out. */
function tailIndices(state: TailState): number[] {
  return tailOrder(
    state.candidates.map((candidate) => candidate.probability),
    new Set(state.shown),
  );
}

function byRound(candidates: readonly StoredCandidate[]): EarlierCandidate[][] {
  const rounds = new Map<number, EarlierCandidate[]>();
  for (const candidate of candidates) {
    const round = rounds.get(candidate.round) ?? [];
    round.push({ text: candidate.text, verbalized: candidate.verbalized });
    rounds.set(candidate.round, round);
  }
  return [...rounds.entries()].sort(([left], [right]) => left - right).map(([, round]) => round);
}

export function withIndices(state: TailState, indices: readonly number[]): ShownCandidate[] {
  return indices.flatMap((index) => {
    const candidate = state.candidates[index];
    return candidate ? [{ ...candidate, index }] : [];
  });
}

/** The first state of a tail: one call's candidates, some of them already shown. */
export function newTail(
  spec: TaskSpec,
  candidates: readonly ParsedCandidate[],
  shown: readonly number[],
  options: {
    readonly batch: number;
    readonly tags: Readonly<Record<string, string>>;
    readonly now: number;
  },
): TailState {
  return {
    version: 1,
    spec,
    tags: options.tags,
    candidates: candidates.map((candidate) => ({
      text: candidate.text,
      probability: candidate.probability,
      verbalized: candidate.verbalized,
      round: 1,
    })),
    shown,
    rounds: 1,
    batch: options.batch,
    refill: null,
    createdAt: options.now,
  };
}

/**
 * Claims the next `requested` candidates (the tail's batch by default). When the tail runs
 * short and no other click is fetching more, this click takes the lease to fetch more; when
 * another click holds it and nothing is left, the caller must wait ("busy").
 */
export function claimFromTail(
  current: TailState | undefined,
  requested: number | undefined,
  lease: { readonly token: string; readonly now: number; readonly durationMs: number },
): Transition<ClaimOutcome> {
  if (!isTailState(current)) return { value: current, result: { kind: "missing" } };
  const count = requested ?? current.batch ?? 1;
  const order = tailIndices(current);
  const taken = order.slice(0, count);
  const leaseHeld = current.refill !== null && current.refill.until > lease.now;
  if (taken.length === 0 && leaseHeld) return { value: current, result: { kind: "busy" } };
  const fetchMore = taken.length < count && !leaseHeld;
  const next: TailState = {
    ...current,
    shown: [...current.shown, ...taken],
    refill: fetchMore
      ? { token: lease.token, until: lease.now + lease.durationMs }
      : current.refill,
  };
  return {
    value: next,
    result: {
      kind: "claimed",
      claimed: withIndices(current, taken),
      refill: fetchMore
        ? {
            token: lease.token,
            wanted: count - taken.length,
            shown: next.shown.flatMap((index) => current.candidates[index]?.text ?? []),
            ...(current.spec.method === "vs-multi" ? { rounds: byRound(current.candidates) } : {}),
          }
        : null,
      spec: current.spec,
      tags: current.tags,
      remaining: order.length - taken.length,
      shownBefore: current.shown.length,
    },
  };
}

/**
 * Adds a call's candidates as a new round, dropping any that repeat an earlier one, frees the
 * lease and claims `lease.wanted` of the tail for the click that fetched them.
 */
export function addRound(
  current: TailState | undefined,
  candidates: readonly ParsedCandidate[],
  lease: RefillLease,
): Transition<AddedRound | null> {
  if (!isTailState(current)) return { value: current, result: null };
  const known = new Set(current.candidates.map((candidate) => candidateKey(candidate.text)));
  const round = current.rounds + 1;
  const fresh: StoredCandidate[] = [];
  for (const candidate of candidates) {
    const key = candidateKey(candidate.text);
    if (known.has(key)) continue;
    known.add(key);
    fresh.push({
      text: candidate.text,
      probability: candidate.probability,
      verbalized: candidate.verbalized,
      round,
    });
  }
  const grown: TailState = {
    ...current,
    candidates: [...current.candidates, ...fresh],
    rounds: fresh.length > 0 ? round : current.rounds,
    refill: current.refill?.token === lease.token ? null : current.refill,
  };
  const order = tailIndices(grown);
  const taken = order.slice(0, lease.wanted);
  return {
    value: { ...grown, shown: [...grown.shown, ...taken] },
    result: {
      claimed: withIndices(grown, taken),
      added: fresh.length,
      remaining: order.length - taken.length,
      tags: current.tags,
    },
  };
}

/** Frees the lease if this click still holds it. */
export function releaseLease(current: TailState | undefined, token: string): Transition<null> {
  return isTailState(current) && current.refill?.token === token
    ? { value: { ...current, refill: null }, result: null }
    : { value: current, result: null };
}
