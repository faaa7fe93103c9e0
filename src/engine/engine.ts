import {
  sampleWithoutReplacement,
  samplingWeights,
  tailOrder,
  type WeightOptions,
} from "./distribution.js";
import { VsbotError } from "./errors.js";
import { candidateKey, parseCandidates } from "./parse/index.js";
import type { Clock, Logger, ModelClient, RandomSource, StateStore, TokenUsage } from "./ports.js";
import {
  asksForProbabilities,
  buildMessages,
  type EarlierCandidate,
  type PromptPhase,
  repairMessages,
  responseSchema,
} from "./prompts.js";
import type { TaskSpec } from "./task.js";
import type { ParsedCandidate } from "./types.js";

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
}

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
}

export interface DistributionView {
  readonly tailId: string;
  readonly spec: TaskSpec;
  readonly candidates: readonly (StoredCandidate & { readonly shown: boolean })[];
  readonly tags: Readonly<Record<string, string>>;
}

interface CandidateCall {
  readonly candidates: readonly ParsedCandidate[];
  readonly warnings: readonly string[];
  readonly calls: number;
  readonly usage: TokenUsage | null;
}

/** Held by the one click that fetches more for a tail that ran short. */
interface RefillLease {
  readonly token: string;
  readonly wanted: number;
  /** Every text shown so far in this tail, oldest first. */
  readonly shown: readonly string[];
  /** For VS-Multi: every earlier call's candidates, to replay as conversation turns. */
  readonly rounds?: readonly (readonly EarlierCandidate[])[];
}

interface Claimed {
  readonly kind: "claimed";
  readonly claimed: readonly ShownCandidate[];
  /** Set when the tail ran short and this click holds the lease to fetch more. */
  readonly refill: RefillLease | null;
  readonly spec: TaskSpec;
  readonly tags: Readonly<Record<string, string>>;
  readonly remaining: number;
  readonly shownBefore: number;
}

type ClaimOutcome = { readonly kind: "missing" } | { readonly kind: "busy" } | Claimed;

const TAIL_PREFIX = "tail:";

function addUsage(left: TokenUsage | null, right: TokenUsage | null): TokenUsage | null {
  if (!left) return right;
  if (!right) return left;
  return {
    promptTokens: left.promptTokens + right.promptTokens,
    completionTokens: left.completionTokens + right.completionTokens,
  };
}

function isTailState(value: unknown): value is TailState {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { version?: unknown }).version === 1 &&
    Array.isArray((value as { candidates?: unknown }).candidates)
  );
}

function remainingIndices(state: TailState): number[] {
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

function describe(state: TailState, indices: readonly number[]): ShownCandidate[] {
  return indices.flatMap((index) => {
    const candidate = state.candidates[index];
    return candidate ? [{ ...candidate, index }] : [];
  });
}

/**
 * The Verbalized Sampling engine: turns a task into a verbalized distribution, samples what
 * to show, and serves "more like this" from the stored tail before asking the model again.
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
    const started = this.#options.clock.now();
    const call = await this.#requestCandidates(spec, { kind: "initial" });
    const candidates: StoredCandidate[] = call.candidates.map((candidate) => ({
      text: candidate.text,
      probability: candidate.probability,
      verbalized: candidate.verbalized,
      round: 1,
    }));
    const weights = samplingWeights(
      candidates.map((candidate) => candidate.probability),
      this.#options.weights,
    );
    const batch = Math.max(1, options.show ?? 1);
    const shown = sampleWithoutReplacement(weights, batch, this.#options.random);
    const tailId = this.#options.createId();
    const state: TailState = {
      version: 1,
      spec,
      tags: options.tags ?? {},
      candidates,
      shown,
      rounds: 1,
      batch,
      refill: null,
      createdAt: this.#options.clock.now(),
    };
    await this.#options.store.set(TAIL_PREFIX + tailId, state, this.#options.tailTtlMs);
    this.#options.logger.info("engine.start", {
      tailId,
      task: spec.task,
      method: spec.method,
      k: spec.k,
      candidates: candidates.length,
      modelCalls: call.calls,
      warnings: call.warnings,
      ms: this.#options.clock.now() - started,
    });
    return {
      tailId,
      task: spec.task,
      candidates: describe(state, shown),
      shownBefore: 0,
      remaining: candidates.length - shown.length,
      modelCalls: call.calls,
      usage: call.usage,
      warnings: call.warnings,
      tags: state.tags,
    };
  }

  /**
   * The next candidates of a tail (as many as the first draw showed, unless `count` says),
   * lowest probability first, with no model call while the tail lasts; then one call for k
   * more, each below τ and unlike everything shown. Concurrent clicks never receive the same
   * candidate, and none is lost.
   */
  async more(tailId: string, options: { readonly count?: number } = {}): Promise<Draw> {
    const count = options.count === undefined ? undefined : Math.max(1, options.count);
    const key = TAIL_PREFIX + tailId;
    const pollMs = this.#options.pollMs ?? 100;
    const deadline = this.#options.clock.now() + this.#options.refillLeaseMs;
    for (;;) {
      const token = this.#options.createId();
      const now = this.#options.clock.now();
      const outcome = await this.#options.store.update<TailState, ClaimOutcome>(
        key,
        (state) => this.#claim(state, count, token, now),
        this.#options.tailTtlMs,
      );
      if (outcome.kind === "missing") {
        throw new VsbotError("tail_not_found", `no tail stored for ${tailId}`, {
          details: { tailId },
        });
      }
      if (outcome.kind === "busy") {
        if (this.#options.clock.now() > deadline) {
          throw new VsbotError("tail_busy", `gave up waiting for more on tail ${tailId}`, {
            details: { tailId },
          });
        }
        await this.#options.clock.sleep(pollMs);
        continue;
      }
      if (!outcome.refill) {
        return {
          tailId,
          task: outcome.spec.task,
          candidates: outcome.claimed,
          shownBefore: outcome.shownBefore,
          remaining: outcome.remaining,
          modelCalls: 0,
          usage: null,
          warnings: [],
          tags: outcome.tags,
        };
      }
      return this.#refill(tailId, outcome, outcome.refill);
    }
  }

  /** Every candidate of a tail with its probability, for "show all". */
  async distribution(tailId: string): Promise<DistributionView> {
    const state = await this.#options.store.get<unknown>(TAIL_PREFIX + tailId);
    if (!isTailState(state)) {
      throw new VsbotError("tail_not_found", `no tail stored for ${tailId}`, {
        details: { tailId },
      });
    }
    const shown = new Set(state.shown);
    return {
      tailId,
      spec: state.spec,
      tags: state.tags,
      candidates: state.candidates.map((candidate, index) => ({
        ...candidate,
        shown: shown.has(index),
      })),
    };
  }

  #claim(
    current: TailState | undefined,
    requested: number | undefined,
    token: string,
    now: number,
  ): { value: TailState | undefined; result: ClaimOutcome } {
    if (!isTailState(current)) return { value: current, result: { kind: "missing" } };
    const count = requested ?? current.batch ?? 1;
    const order = remainingIndices(current);
    const taken = order.slice(0, count);
    const short = taken.length < count;
    const leaseHeld = current.refill !== null && current.refill.until > now;
    if (taken.length === 0 && leaseHeld) return { value: current, result: { kind: "busy" } };
    const fetchMore = short && !leaseHeld;
    const next: TailState = {
      ...current,
      shown: [...current.shown, ...taken],
      refill: fetchMore ? { token, until: now + this.#options.refillLeaseMs } : current.refill,
    };
    return {
      value: next,
      result: {
        kind: "claimed",
        claimed: describe(current, taken),
        refill: fetchMore
          ? {
              token,
              wanted: count - taken.length,
              shown: next.shown.flatMap((index) => current.candidates[index]?.text ?? []),
              ...(current.spec.method === "vs-multi"
                ? { rounds: byRound(current.candidates) }
                : {}),
            }
          : null,
        spec: current.spec,
        tags: current.tags,
        remaining: order.length - taken.length,
        shownBefore: current.shown.length,
      },
    };
  }

  async #refill(tailId: string, claim: Claimed, lease: RefillLease): Promise<Draw> {
    const key = TAIL_PREFIX + tailId;
    const { spec, shownBefore, claimed: alreadyClaimed } = claim;
    let call: CandidateCall;
    try {
      call = await this.#requestCandidates(spec, {
        kind: "more",
        shown: lease.shown,
        ...(lease.rounds ? { rounds: lease.rounds } : {}),
      });
    } catch (error) {
      await this.#releaseLease(key, lease.token);
      if (alreadyClaimed.length > 0) {
        this.#options.logger.warn("engine.refill_failed", { tailId, error });
        return {
          tailId,
          task: spec.task,
          candidates: alreadyClaimed,
          shownBefore,
          remaining: 0,
          modelCalls: 1,
          usage: null,
          warnings: ["could not fetch more candidates; showing what was left"],
          tags: claim.tags,
        };
      }
      throw error;
    }
    const outcome = await this.#options.store.update<
      TailState,
      {
        claimed: ShownCandidate[];
        added: number;
        remaining: number;
        tags: Record<string, string>;
      } | null
    >(
      key,
      (state) => {
        if (!isTailState(state)) return { value: state, result: null };
        const known = new Set(state.candidates.map((candidate) => candidateKey(candidate.text)));
        const round = state.rounds + 1;
        const fresh: StoredCandidate[] = [];
        for (const candidate of call.candidates) {
          const candidateId = candidateKey(candidate.text);
          if (known.has(candidateId)) continue;
          known.add(candidateId);
          fresh.push({
            text: candidate.text,
            probability: candidate.probability,
            verbalized: candidate.verbalized,
            round,
          });
        }
        const grown: TailState = {
          ...state,
          candidates: [...state.candidates, ...fresh],
          rounds: fresh.length > 0 ? round : state.rounds,
          refill: state.refill?.token === lease.token ? null : state.refill,
        };
        const order = remainingIndices(grown);
        const taken = order.slice(0, lease.wanted);
        return {
          value: { ...grown, shown: [...grown.shown, ...taken] },
          result: {
            claimed: describe(grown, taken),
            added: fresh.length,
            remaining: order.length - taken.length,
            tags: { ...state.tags },
          },
        };
      },
      this.#options.tailTtlMs,
    );
    if (outcome === null) {
      throw new VsbotError("tail_not_found", `tail ${tailId} expired during a call for more`, {
        details: { tailId },
      });
    }
    const warnings = [...call.warnings];
    if (outcome.added < call.candidates.length) {
      warnings.push(
        `dropped ${call.candidates.length - outcome.added} candidates already shown in this thread`,
      );
    }
    this.#options.logger.info("engine.more", {
      tailId,
      task: spec.task,
      added: outcome.added,
      modelCalls: call.calls,
      warnings,
    });
    const candidates = [...alreadyClaimed, ...outcome.claimed];
    if (candidates.length === 0) {
      throw new VsbotError("tail_exhausted", `model returned nothing new for tail ${tailId}`, {
        details: { tailId, returned: call.candidates.length },
      });
    }
    return {
      tailId,
      task: spec.task,
      candidates,
      shownBefore,
      remaining: outcome.remaining,
      modelCalls: call.calls,
      usage: call.usage,
      warnings,
      tags: outcome.tags,
    };
  }

  async #releaseLease(key: string, token: string): Promise<void> {
    try {
      await this.#options.store.update<TailState, null>(
        key,
        (state) =>
          isTailState(state) && state.refill?.token === token
            ? { value: { ...state, refill: null }, result: null }
            : { value: state, result: null },
        this.#options.tailTtlMs,
      );
    } catch (error) {
      this.#options.logger.warn("engine.lease_release_failed", { error });
    }
  }

  /** One model call, parsed; one repair call when nothing could be read. */
  async #requestCandidates(spec: TaskSpec, phase: PromptPhase): Promise<CandidateCall> {
    const messages = buildMessages(spec, phase);
    const schema = responseSchema(spec);
    const intent = {
      task: spec.task,
      subject: spec.subject,
      k: spec.method === "direct" ? 1 : spec.k,
      tau: phase.kind === "more" && asksForProbabilities(spec) ? spec.tau : null,
      avoid: phase.kind === "more" ? phase.shown : [],
      withProbabilities: asksForProbabilities(spec),
    };
    const send = (chat: typeof messages) =>
      this.#options.model.complete({
        messages: chat,
        ...(schema ? { responseSchema: schema } : {}),
        temperature: this.#options.decoding.temperature,
        topP: this.#options.decoding.topP,
        intent,
      });
    const parseOptions = (finishReason: string) => ({
      expected: intent.k,
      finishReason,
      allowPlainText: spec.method === "direct",
    });

    const first = await send(messages);
    if (first.finishReason === "content_filter" && first.text.trim() === "") {
      throw new VsbotError("model_refused", "the model's content filter stopped the answer", {
        details: { model: first.model },
      });
    }
    const parsed = parseCandidates(first.text, parseOptions(first.finishReason));
    if (parsed.candidates.length > 0) {
      return { ...parsed, calls: 1, usage: first.usage };
    }

    this.#options.logger.warn("engine.repair", {
      task: spec.task,
      finishReason: first.finishReason,
      chars: first.text.length,
      warnings: parsed.warnings,
    });
    const second = await send(repairMessages(spec, messages, first.text));
    const repaired = parseCandidates(second.text, parseOptions(second.finishReason));
    const usage = addUsage(first.usage, second.usage);
    if (repaired.candidates.length > 0) {
      return {
        candidates: repaired.candidates,
        warnings: [
          "the first reply could not be read; asked the model once more",
          ...repaired.warnings,
        ],
        calls: 2,
        usage,
      };
    }
    const details = {
      finishReason: second.finishReason,
      rawText: second.text.slice(0, 2000),
      firstRawText: first.text.slice(0, 2000),
      model: second.model,
      warnings: repaired.warnings,
    };
    if (second.text.trim() === "" && first.text.trim() === "") {
      throw new VsbotError("model_empty", "the model returned empty text twice", { details });
    }
    if (second.finishReason === "length") {
      throw new VsbotError("output_truncated", "output cut off before any complete candidate", {
        details,
      });
    }
    throw new VsbotError("output_unparseable", "no candidate could be read from the output", {
      details,
    });
  }
}
