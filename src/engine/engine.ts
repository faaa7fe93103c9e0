import { clipText } from "./avoid-list.js";
import { type CandidateCall, requestCandidates } from "./candidate-call.js";
import type { WeightOptions } from "./distribution.js";
import {
  DEFAULT_DUPLICATE_THRESHOLD,
  type DroppedCandidate,
  type GuardOptions,
} from "./duplicate-guard.js";
import { VsbotError } from "./errors.js";
import type { Clock, Logger, ModelClient, RandomSource, StateStore, TokenUsage } from "./ports.js";
import { guardFor, screenRound } from "./screen-round.js";
import {
  type AddedRound,
  addRound,
  type Claimed,
  type ClaimOutcome,
  claimFromTail,
  isTailState,
  newTail,
  type RefillLease,
  releaseLease,
  type ShownCandidate,
  type StoredCandidate,
  type TailState,
  withIndices,
} from "./tail-state.js";
import type { TaskSpec } from "./task.js";
import type { ParsedCandidate } from "./types.js";

export type { ShownCandidate, StoredCandidate, TailState } from "./tail-state.js";

export interface EngineOptions {
  readonly model: ModelClient;
  readonly store: StateStore;
  readonly random: RandomSource;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Makes tail ids: short, URL-safe, unique across processes. */
  readonly createId: () => string;
  readonly weights: WeightOptions;
  /** Decoding parameters sent to the model (the paper used 0.7 and 1.0). */
  readonly decoding: { readonly temperature: number; readonly topP: number };
  /** How long a tail lives after its last use; undefined keeps it until deleted. */
  readonly tailTtlMs: number | undefined;
  /** How long one call for more may take before another click may try again. */
  readonly refillLeaseMs: number;
  /** How often a click waits-and-rechecks while another click fetches more. */
  readonly pollMs?: number;
  /**
   * Word-level ROUGE-L at or above which a candidate repeats an earlier answer of its chain
   * and is dropped (VSBOT_DUPLICATE_THRESHOLD); DEFAULT_DUPLICATE_THRESHOLD when unset.
   */
  readonly duplicateThreshold?: number;
}

export interface MoreOptions {
  /** How many candidates to draw; the tail's batch (what the first draw showed) by default. */
  readonly count?: number;
  /**
   * Runs once, just before a click would call the model (never while the tail lasts). If it
   * throws (e.g. the user is over their limit), no call is made, the lease is freed, and the
   * error reaches the caller unless part of the batch came from the tail.
   */
  readonly beforeModelCall?: () => Promise<void>;
}

/** What one request or click produced. */
export interface Draw {
  readonly tailId: string;
  readonly task: string;
  readonly candidates: readonly ShownCandidate[];
  /** How many candidates of this tail had been shown before this draw (for list numbering). */
  readonly shownBefore: number;
  /** Candidates left in the tail after this draw. */
  readonly remaining: number;
  /** Model calls made for this draw: 0 when served from the tail. */
  readonly modelCalls: number;
  readonly usage: TokenUsage | null;
  readonly warnings: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /**
   * True once the chain has ended: a call for more brought nothing new, so these candidates
   * (maybe none) are the last, and further clicks make no model call. Always set by the engine.
   */
  readonly ended?: boolean;
  /** Candidates the duplicate guard dropped while making this draw. Always set by the engine. */
  readonly duplicatesDropped?: number;
}

export interface DistributionView {
  readonly tailId: string;
  readonly spec: TaskSpec;
  readonly candidates: readonly (StoredCandidate & { readonly shown: boolean })[];
  readonly tags: Readonly<Record<string, string>>;
  /** Whether the chain has ended (see Draw.ended). */
  readonly ended?: boolean;
  /** Near-duplicates the guard dropped over the whole chain. */
  readonly duplicatesDropped?: number;
}

const TAIL_PREFIX = "tail:";

function notFound(tailId: string, message = `no tail stored for ${tailId}`): VsbotError {
  return new VsbotError("tail_not_found", message, { details: { tailId } });
}

/**
 * The Verbalized Sampling engine: turns a task into a verbalized distribution, samples what
 * to show, and serves "more like this" from the stored tail before asking the model again.
 * The tail's state transitions live in tail-state.ts; this class runs them atomically
 * through the store and makes the model calls between them.
 */
export class VsEngine {
  readonly #options: EngineOptions;

  constructor(options: EngineOptions) {
    this.#options = options;
  }

  /** One model call; shows `show` candidates sampled by weight and keeps the rest as the tail. */
  async start(
    spec: TaskSpec,
    options: { readonly show?: number; readonly tags?: Readonly<Record<string, string>> } = {},
  ): Promise<Draw> {
    const { clock, random, weights, store, logger } = this.#options;
    const started = clock.now();
    const call = await this.#call(spec, { kind: "initial" });
    const batch = Math.max(1, options.show ?? 1);
    const { candidates, order, dropped } = screenRound(spec, call.candidates, [], false, {
      guard: this.#guard(spec),
      weights,
      random,
    });
    const state = newTail(spec, candidates, order, {
      batch,
      tags: options.tags ?? {},
      now: clock.now(),
      duplicatesDropped: dropped.length,
    });
    const tailId = this.#options.createId();
    await store.set(TAIL_PREFIX + tailId, state, this.#options.tailTtlMs);
    this.#logDropped(tailId, spec, dropped);
    logger.info("engine.start", {
      tailId,
      task: spec.task,
      method: spec.method,
      k: spec.k,
      candidates: state.candidates.length,
      duplicatesDropped: dropped.length,
      modelCalls: call.calls,
      warnings: call.warnings,
      ms: clock.now() - started,
    });
    return {
      tailId,
      task: spec.task,
      candidates: withIndices(state, state.shown),
      shownBefore: 0,
      remaining: state.candidates.length - state.shown.length,
      modelCalls: call.calls,
      usage: call.usage,
      warnings: call.warnings,
      tags: state.tags,
      ended: false,
      duplicatesDropped: dropped.length,
    };
  }

  /**
   * A new chain for the same request as an earlier one (its task, tags and batch), e.g. after
   * that chain ended. One model call, like `start`.
   */
  async startOver(tailId: string): Promise<Draw> {
    const state = await this.#options.store.get<unknown>(TAIL_PREFIX + tailId);
    if (!isTailState(state)) throw notFound(tailId);
    return this.start(state.spec, { show: state.batch, tags: state.tags });
  }

  /**
   * The next candidates of a tail (as many as the first draw showed, unless `count` says), in
   * the tail's serving order (a draw by weight), with no model call while the tail lasts; then
   * one call for k more, each below τ and unlike the chain so far. A call that brings nothing
   * new ends the chain: that draw and every later one has `ended` set and calls nothing.
   * Concurrent clicks never receive the same candidate, and none is lost.
   */
  async more(tailId: string, options: MoreOptions = {}): Promise<Draw> {
    const { clock, store, refillLeaseMs } = this.#options;
    const count = options.count === undefined ? undefined : Math.max(1, options.count);
    const deadline = clock.now() + refillLeaseMs;
    for (;;) {
      const lease = {
        token: this.#options.createId(),
        now: clock.now(),
        durationMs: refillLeaseMs,
      };
      const outcome = await store.update<TailState, ClaimOutcome>(
        TAIL_PREFIX + tailId,
        (state) => claimFromTail(state, count, lease),
        this.#options.tailTtlMs,
      );
      if (outcome.kind === "missing") throw notFound(tailId);
      if (outcome.kind === "claimed") {
        return outcome.refill
          ? this.#refill(tailId, outcome, outcome.refill, options.beforeModelCall)
          : tailDraw(tailId, outcome);
      }
      if (clock.now() > deadline) {
        throw new VsbotError("tail_busy", `gave up waiting for more on tail ${tailId}`, {
          details: { tailId },
        });
      }
      await clock.sleep(this.#options.pollMs ?? 100);
    }
  }

  /** Every candidate of a tail with its probability, for "show all". */
  async distribution(tailId: string): Promise<DistributionView> {
    const state = await this.#options.store.get<unknown>(TAIL_PREFIX + tailId);
    if (!isTailState(state)) throw notFound(tailId);
    const shown = new Set(state.shown);
    return {
      tailId,
      spec: state.spec,
      tags: state.tags,
      ended: state.ended === true,
      duplicatesDropped: state.duplicatesDropped ?? 0,
      candidates: state.candidates.map((candidate, index) => ({
        ...candidate,
        shown: shown.has(index),
      })),
    };
  }

  #call(spec: TaskSpec, phase: Parameters<typeof requestCandidates>[2]): Promise<CandidateCall> {
    return requestCandidates(this.#options, spec, phase);
  }

  #guard(spec: TaskSpec): GuardOptions | null {
    return guardFor(spec, this.#options.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD);
  }

  #logDropped(
    tailId: string,
    spec: TaskSpec,
    dropped: readonly DroppedCandidate<ParsedCandidate>[],
  ): void {
    if (dropped.length === 0) return;
    this.#options.logger.info("engine.duplicates_dropped", {
      tailId,
      task: spec.task,
      dropped: dropped.length,
      examples: dropped.slice(0, 3).map((candidate) => ({
        text: clipText(candidate.candidate.text, 80),
        like: clipText(candidate.like, 80),
        similarity: Number(candidate.similarity.toFixed(3)),
      })),
    });
  }

  /** Fetches more for a tail that ran short, holding its lease, and hands out the new ones. */
  async #refill(
    tailId: string,
    claim: Claimed,
    lease: RefillLease,
    beforeModelCall: (() => Promise<void>) | undefined,
  ): Promise<Draw> {
    const { store, logger } = this.#options;
    const key = TAIL_PREFIX + tailId;
    let call: CandidateCall;
    let called = false;
    try {
      await beforeModelCall?.();
      called = true;
      call = await this.#call(claim.spec, {
        kind: "more",
        known: lease.known,
        ...(lease.latestRound ? { latestRound: lease.latestRound } : {}),
      });
    } catch (error) {
      await store
        .update<TailState, null>(
          key,
          (state) => releaseLease(state, lease.token),
          this.#options.tailTtlMs,
        )
        .catch((releaseError: unknown) =>
          logger.warn("engine.lease_release_failed", { error: releaseError }),
        );
      if (claim.claimed.length === 0) throw error;
      logger.warn("engine.refill_failed", { tailId, error });
      return {
        ...tailDraw(tailId, claim),
        modelCalls: called ? 1 : 0,
        warnings: ["could not fetch more candidates; showing what was left"],
      };
    }
    const guard = this.#guard(claim.spec);
    const round = screenRound(claim.spec, call.candidates, lease.known, true, {
      guard,
      weights: this.#options.weights,
      random: this.#options.random,
    });
    const added = await store.update<TailState, AddedRound | null>(
      key,
      (state) =>
        addRound(
          state,
          { candidates: round.candidates, order: round.order, dropped: round.dropped.length },
          lease,
          guard,
        ),
      this.#options.tailTtlMs,
    );
    if (added === null) throw notFound(tailId, `tail ${tailId} expired during a call for more`);
    this.#logDropped(tailId, claim.spec, round.dropped);
    const warnings = [...call.warnings];
    if (added.dropped > 0) {
      warnings.push(`dropped ${added.dropped} candidates repeating earlier answers of this chain`);
    }
    logger.info("engine.more", {
      tailId,
      task: claim.spec.task,
      returned: call.candidates.length,
      added: added.added,
      duplicatesDropped: added.dropped,
      ended: added.ended,
      modelCalls: call.calls,
      warnings,
    });
    return {
      tailId,
      task: claim.spec.task,
      candidates: [...claim.claimed, ...added.claimed],
      shownBefore: claim.shownBefore,
      remaining: added.remaining,
      modelCalls: call.calls,
      usage: call.usage,
      warnings,
      tags: added.tags,
      ended: added.ended,
      duplicatesDropped: added.dropped,
    };
  }
}

/** A draw served from the tail alone. */
function tailDraw(tailId: string, claim: Claimed): Draw {
  return {
    tailId,
    task: claim.spec.task,
    candidates: claim.claimed,
    shownBefore: claim.shownBefore,
    remaining: claim.remaining,
    modelCalls: 0,
    usage: null,
    warnings: [],
    tags: claim.tags,
    ended: claim.ended,
    duplicatesDropped: 0,
  };
}
