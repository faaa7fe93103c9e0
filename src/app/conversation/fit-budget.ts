import { buildMessages } from "../../engine/prompts.js";
import type { TaskSpec } from "../../engine/task.js";
import { invalidInput } from "../read-options.js";
import type { HistoryMessage } from "./history.js";
import { estimateMessages, estimateTokens, MESSAGE_OVERHEAD_TOKENS } from "./token-estimate.js";
import { type ChatPrompt, chatPrompt, lineOf, needsNames } from "./turns.js";

/**
 * Kept free for what a call for more adds to the same request: the answers to steer away from
 * (at most 240 characters of quotes, clipped, and eight theme words) or VS-Multi's replayed
 * turn, a few hundred characters either way. So every call of a chat reply's chain, not only
 * the first, stays within the budget.
 */
export const FOLLOW_UP_RESERVE_TOKENS = 300;

export interface FittedConversation {
  readonly spec: TaskSpec;
  /** Earlier messages sent, and left out for want of room. */
  readonly kept: number;
  readonly dropped: number;
  /** The first request's estimated size. */
  readonly tokens: number;
}

/** The newest items whose costs fit in `available`, oldest first; the first that does not fit ends it. */
export function newestWithin<Item>(
  items: readonly Item[],
  available: number,
  cost: (item: Item) => number,
): Item[] {
  const kept: Item[] = [];
  let used = 0;
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index] as Item;
    const price = cost(item);
    if (used + price > available) break;
    used += price;
    kept.unshift(item);
  }
  return kept;
}

/**
 * The chat task for a message with as much of the conversation before it as the budget holds,
 * newest first: the instructions and the message are always sent, the oldest turns go first.
 * Each earlier message is priced as a chat message of its own, which merging turns only makes
 * cheaper, so the request built never exceeds its estimate. A message too long for the budget
 * on its own is refused with the figures.
 */
export function fitConversation(options: {
  readonly history: readonly HistoryMessage[];
  readonly message: HistoryMessage;
  readonly budgetTokens: number;
  readonly build: (prompt: ChatPrompt) => TaskSpec;
}): FittedConversation {
  const { history, message, budgetTokens, build } = options;
  const named = needsNames([...history, message]);
  const bare = build(chatPrompt([], message, named));
  const reserved =
    estimateMessages(buildMessages(bare, { kind: "initial" })) + FOLLOW_UP_RESERVE_TOKENS;
  if (reserved > budgetTokens) {
    throw invalidInput(
      `That message is too long for me to read: about ${estimateTokens(message.text)} tokens, and a reply here may use ${budgetTokens} in all.`,
    );
  }
  const kept = newestWithin(
    history,
    budgetTokens - reserved,
    (earlier) => estimateTokens(lineOf(earlier, named)) + MESSAGE_OVERHEAD_TOKENS,
  );
  const spec = build(chatPrompt(kept, message, named));
  return {
    spec,
    kept: kept.length,
    dropped: history.length - kept.length,
    tokens: estimateMessages(buildMessages(spec, { kind: "initial" })),
  };
}
