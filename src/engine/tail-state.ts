import { tailOrder } from "./distribution.js";
import { type GuardOptions, screenCandidates } from "./duplicate-guard.js";
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
  /** Who says it, in tasks with speakers. */
  readonly speaker?: string;
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
  /**
   * The candidates not shown yet, in the order "more" hands them out (serving-order.ts).
   * Absent in tails stored before it existed; those are served lowest probability first.
   */
  readonly queue?: readonly number[];
  readonly rounds: number;
  /** How many candidates each draw shows (1, or a list's length). */
  readonly batch: number;
  /** Set while one click fetches more from the model, so concurrent clicks wait for it. */
  readonly refill: { readonly token: string; readonly until: number } | null;
  /** Set once a call for more brought nothing new: the chain is over, no click calls again. */
  readonly ended?: boolean;
  /** Candidates the duplicate guard dropped over the whole chain. */
  readonly duplicatesDropped?: number;
  readonly createdAt: number;
}

export interface ShownCandidate extends StoredCandidate {
  readonly index: number;
}

/** Held by the one click that fetches more for a tail that ran short. */
export interface RefillLease {
  readonly token: string;
  readonly wanted: number;
  /**
   * Every text of the chain, oldest first: shown ones in the order shown, then those still
   * in the tail. Its length is the number of candidates when the lease was taken.
   */
  readonly known: readonly string[];
  /** For VS-Multi: the latest call's candidates, to replay as the model's turn. */
  readonly latestRound?: readonly EarlierCandidate[];
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
  /** The chain has ended: what is left (maybe nothing) is all there will be. */
  readonly ended: boolean;
}

export type ClaimOutcome = { readonly kind: "missing" } | { readonly kind: "busy" } | Claimed;

/** A call for more, already screened by the duplicate guard, in its serving order. */
export interface NewRound {
  readonly candidates: readonly ParsedCandidate[];
  /** Indices into `candidates`, in the order they are to be shown. */
  readonly order: readonly number[];
  /** How many of the call's candidates the guard dropped before this point. */
  readonly dropped: number;
}

export interface AddedRound {
  readonly claimed: readonly ShownCandidate[];
  readonly added: number;
  /** Dropped as repeats by this call, before and inside the update. */
  readonly dropped: number;
  readonly remaining: number;
  readonly ended: boolean;
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
function queueOf(state: TailState): readonly number[] {
  return (
    state.queue ??
    tailOrder(
      state.candidates.map((candidate) => candidate.probability),
      new Set(state.shown),
    )
  );
}

/**
 * Every text of the chain, oldest first: the shown ones in the order they were shown, then
 * those still waiting in the tail. Candidates dropped from both (none, today) come first.
 */
function knownTexts(current: TailState, next: TailState): string[] {
  const order = [...next.shown, ...(next.queue ?? [])];
  const placed = new Set(order);
  const rest = current.candidates.flatMap((_, index) => (placed.has(index) ? [] : [index]));
  return [...rest, ...order].flatMap((index) => current.candidates[index]?.text ?? []);
}

function latestRound(state: TailState): EarlierCandidate[] {
  return state.candidates
    .filter((candidate) => candidate.round === state.rounds)
    .map((candidate) => ({ text: candidate.text, verbalized: candidate.verbalized }));
}

export function withIndices(state: TailState, indices: readonly number[]): ShownCandidate[] {
  return indices.flatMap((index) => {
    const candidate = state.candidates[index];
    return candidate ? [{ ...candidate, index }] : [];
  });
}

function stored(candidate: ParsedCandidate, round: number): StoredCandidate {
  return {
    text: candidate.text,
    probability: candidate.probability,
    verbalized: candidate.verbalized,
    round,
    ...(candidate.speaker === undefined ? {} : { speaker: candidate.speaker }),
  };
}

/**
 * The first state of a tail: one call's candidates in their serving order, the first
 * `batch` of them already shown.
 */
export function newTail(
  spec: TaskSpec,
  candidates: readonly ParsedCandidate[],
  order: readonly number[],
  options: {
    readonly batch: number;
    readonly tags: Readonly<Record<string, string>>;
    readonly now: number;
    readonly duplicatesDropped?: number;
  },
): TailState {
  return {
    version: 1,
    spec,
    tags: options.tags,
    candidates: candidates.map((candidate) => stored(candidate, 1)),
    shown: order.slice(0, options.batch),
    queue: order.slice(options.batch),
    rounds: 1,
    batch: options.batch,
    refill: null,
    ...(options.duplicatesDropped ? { duplicatesDropped: options.duplicatesDropped } : {}),
    createdAt: options.now,
  };
}

/**
 * Claims the next `requested` candidates (the tail's batch by default). When the tail runs
 * short and no other click is fetching more, this click takes the lease to fetch more; when
 * another click holds it and nothing is left, the caller must wait ("busy"). Once the chain
 * has ended, nobody fetches more.
 */
export function claimFromTail(
  current: TailState | undefined,
  requested: number | undefined,
  lease: { readonly token: string; readonly now: number; readonly durationMs: number },
): Transition<ClaimOutcome> {
  if (!isTailState(current)) return { value: current, result: { kind: "missing" } };
  const count = requested ?? current.batch ?? 1;
  const queue = queueOf(current);
  const taken = queue.slice(0, count);
  const ended = current.ended === true;
  const leaseHeld = current.refill !== null && current.refill.until > lease.now;
  if (taken.length === 0 && leaseHeld && !ended) {
    return { value: current, result: { kind: "busy" } };
  }
  const fetchMore = taken.length < count && !leaseHeld && !ended;
  const next: TailState = {
    ...current,
    shown: [...current.shown, ...taken],
    queue: queue.slice(taken.length),
    refill: fetchMore
      ? { token: lease.token, until: lease.now + lease.durationMs }
      : current.refill,
  };
  return {
    value: taken.length === 0 && !fetchMore ? current : next,
    result: {
      kind: "claimed",
      claimed: withIndices(current, taken),
      refill: fetchMore
        ? {
            token: lease.token,
            wanted: count - taken.length,
            known: knownTexts(current, next),
            ...(current.spec.method === "vs-multi" ? { latestRound: latestRound(current) } : {}),
          }
        : null,
      spec: current.spec,
      tags: current.tags,
      remaining: queue.length - taken.length,
      shownBefore: current.shown.length,
      ended,
    },
  };
}

/**
 * Adds a call's candidates as a new round and frees the lease. Candidates repeating any text
 * of the chain exactly are dropped, and so are near-repeats of candidates that arrived after
 * the lease was taken (only when the lease lapsed and another click fetched more meanwhile);
 * the caller screened the rest. A round that adds nothing ends the chain. Then claims
 * `lease.wanted` candidates for the click that fetched them.
 */
export function addRound(
  current: TailState | undefined,
  round: NewRound,
  lease: RefillLease,
  guard: GuardOptions | null,
): Transition<AddedRound | null> {
  if (!isTailState(current)) return { value: current, result: null };
  // Independent draws (random picks) may repeat earlier rounds by design.
  const repeatsAllowed = current.spec.draws === "independent";
  const known = new Set(
    repeatsAllowed ? [] : current.candidates.map((candidate) => candidateKey(candidate.text)),
  );
  const arrivedSince = current.candidates
    .slice(lease.known.length)
    .map((candidate) => candidate.text);
  const screened =
    guard && !repeatsAllowed && arrivedSince.length > 0
      ? new Set(screenCandidates(arrivedSince, round.candidates, guard).kept)
      : null;
  const number = current.rounds + 1;
  const fresh: StoredCandidate[] = [];
  const freshOrder: number[] = [];
  for (const position of round.order) {
    const candidate = round.candidates[position];
    if (!candidate || (screened && !screened.has(candidate))) continue;
    const key = candidateKey(candidate.text);
    if (!repeatsAllowed && known.has(key)) continue;
    known.add(key);
    freshOrder.push(current.candidates.length + fresh.length);
    fresh.push(stored(candidate, number));
  }
  const dropped = round.dropped + (round.candidates.length - fresh.length);
  const ended = fresh.length === 0;
  const queue = [...queueOf(current), ...freshOrder];
  const taken = queue.slice(0, lease.wanted);
  const candidates = [...current.candidates, ...fresh];
  const grown: TailState = {
    ...current,
    candidates,
    shown: [...current.shown, ...taken],
    queue: queue.slice(taken.length),
    rounds: ended ? current.rounds : number,
    refill: current.refill?.token === lease.token ? null : current.refill,
    ...(ended ? { ended: true } : {}),
    ...(dropped > 0 ? { duplicatesDropped: (current.duplicatesDropped ?? 0) + dropped } : {}),
  };
  return {
    value: grown,
    result: {
      claimed: withIndices(grown, taken),
      added: fresh.length,
      dropped,
      remaining: queue.length - taken.length,
      ended,
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
