import { moreRepeatsRequest, requestedCount } from "../engine/prompts.js";
import type { TaskSpec } from "../engine/task.js";

/** How one method's n answers to one prompt are asked for. */
export interface CallPlan {
  readonly calls: number;
  /** Answers the first call can bring. */
  readonly first: number;
  /** Answers each later call can bring. */
  readonly later: number;
}

const LATER_TURN = { kind: "more", known: [] } as const;

/**
 * The calls n answers take, with what each call asks for as the engine builds it: direct one
 * answer a call; sequence, VS-Standard and VS-CoT k a call (ceil(n/k) calls); VS-Multi a few
 * in its first turn (2 of 5) and k in each later one; tasks of independent draws (/pick) the
 * first request again every time. A pick from a known set of options cannot bring more
 * different options than the set has, so a call counts for at most that many.
 */
export function planCalls(spec: TaskSpec, n: number, optionCount?: number): CallPlan {
  const cap = (count: number) =>
    optionCount !== undefined && optionCount > 0 ? Math.min(count, optionCount) : count;
  const first = cap(requestedCount(spec, { kind: "initial" }));
  const later = moreRepeatsRequest(spec) ? first : cap(requestedCount(spec, LATER_TURN));
  const calls = n <= 0 ? 0 : 1 + Math.ceil(Math.max(0, n - first) / later);
  return { calls, first, later };
}
