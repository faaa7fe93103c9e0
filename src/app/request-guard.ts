import { performance } from "node:perf_hooks";
import { toVsbotError } from "../engine/errors.js";
import type { Logger } from "../engine/ports.js";
import { type CallScope, type CallScopes, newTally } from "../model/call-scope.js";
import type { Metrics } from "../observability/metrics.js";
import type { AccessPolicy } from "./access/access-policy.js";
import { accessDenied } from "./access/refusals.js";
import type { Inbound, Reply } from "./types.js";
import type { UsageLedger } from "./usage/usage-ledger.js";

export interface RequestGuardOptions {
  readonly policy: AccessPolicy;
  readonly ledger: UsageLedger;
  readonly scopes: CallScopes;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Whether the bot answers this message: it is addressed to the bot, or a persona is active. */
  readonly answers: (event: Extract<Inbound, { type: "message" }>) => Promise<boolean>;
  /** The model chosen where the event happened (channel, else server, else the default). */
  readonly modelFor: (event: Inbound) => Promise<string>;
  /** The generation method the event's model calls use, for metrics. */
  readonly methodFor: (event: Inbound) => Promise<string>;
  /** How replies name a model other than the default, e.g. "qwen2.5 at host/v1". */
  readonly describeModel: (name: string) => string | undefined;
}

/** How long a reply waits for its usage record before it goes out anyway. */
const RECORD_WAIT_MS = 500;

/** Waits for `work`, but no longer than `ms`; the work goes on either way. */
async function atMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= compute();
    return value;
  };
}

/** Answers shown in these replies, by where they came from. */
function answersIn(replies: readonly Reply[]): { model: number; tail: number } {
  const counts = { model: 0, tail: 0 };
  for (const reply of replies) {
    if ((reply.kind !== "answer" && reply.kind !== "list") || reply.meta.tailId === undefined) {
      continue;
    }
    if (reply.meta.modelCalls > 0) counts.model += 1;
    else counts.tail += 1;
  }
  return counts;
}

/**
 * Runs around every event the chat core handles: refuses people the access lists keep out
 * (privately, before any model call), gives the event's model calls their scope (the chosen
 * model, the daily budget, the tally), then records the usage and the metrics. A message the
 * bot would not answer (not addressed to it, no persona active) is never refused either.
 */
export class RequestGuard {
  readonly #options: RequestGuardOptions;

  constructor(options: RequestGuardOptions) {
    this.#options = options;
  }

  async run(event: Inbound, handle: () => Promise<Reply[]>): Promise<Reply[]> {
    const { metrics } = this.#options;
    const started = performance.now();
    try {
      const refusal = this.#options.policy.refusal(event.origin);
      if (refusal !== null) {
        if (event.type === "message" && !(await this.#options.answers(event))) return [];
        throw accessDenied(event.origin, refusal);
      }
      return await this.#scoped(event, handle);
    } catch (error) {
      metrics.error(toVsbotError(error).code);
      throw error;
    } finally {
      metrics.request(event.type, (performance.now() - started) / 1000);
    }
  }

  async #scoped(event: Inbound, handle: () => Promise<Reply[]>): Promise<Reply[]> {
    const { ledger, scopes } = this.#options;
    let hold: string | null = null;
    const model = once(() => this.#options.modelFor(event));
    const scope: CallScope = {
      model,
      method: once(() => this.#options.methodFor(event)),
      admit: async () => {
        hold = await ledger.hold(event.origin);
      },
      tally: newTally(),
    };
    let replies: Reply[] = [];
    try {
      replies = await scopes.run(scope, handle);
    } finally {
      // The reply waits for its usage to be written only briefly: while the store is down that
      // write would hold back the very error that tells the user. The ledger keeps its own
      // writes in order, reads after them, and finishes them before the store closes.
      await atMost(this.#record(event, scope, hold, replies), RECORD_WAIT_MS);
    }
    if (scope.tally.calls === 0) return replies;
    const description = this.#options.describeModel(await model());
    if (description === undefined) return replies;
    return replies.map((reply) =>
      reply.meta.modelCalls > 0 ? { ...reply, meta: { ...reply.meta, model: description } } : reply,
    );
  }

  /** Usage and answer metrics; a failure to record is logged, never shown to the user. */
  async #record(
    event: Inbound,
    scope: CallScope,
    hold: string | null,
    replies: readonly Reply[],
  ): Promise<void> {
    const { metrics, ledger } = this.#options;
    const answers = answersIn(replies);
    for (let count = 0; count < answers.model; count += 1) metrics.answer("model");
    for (let count = 0; count < answers.tail; count += 1) metrics.answer("tail");
    const { tally } = scope;
    if (tally.calls === 0 && answers.model + answers.tail === 0 && hold === null) return;
    const { origin } = event;
    try {
      await ledger.record(
        origin,
        {
          user: origin.user,
          ...(origin.userName ? { userName: origin.userName } : {}),
          calls: tally.calls,
          promptTokens: tally.promptTokens,
          completionTokens: tally.completionTokens,
          modelAnswers: answers.model,
          tailAnswers: answers.tail,
        },
        hold,
      );
    } catch (error) {
      this.#options.logger.warn("usage.record_failed", { user: origin.user, error });
    }
  }
}
