import type { ChosenLore, LoreSelection } from "./lore-selection.js";

/**
 * Fits matched entries into the budget, whole or not at all. Constant (and `@@activate`)
 * entries go first, then higher priority, then higher insertion_order, then the book's order;
 * an entry that does not fit is left out and smaller ones after it may still go in. The chosen
 * come back in insertion order: lower insertion_order first, then the book's order.
 */
export function fitBudget(matched: readonly ChosenLore[], budget: number): LoreSelection {
  const byPrecedence = [...matched].sort(
    (left, right) =>
      precedence(right) - precedence(left) ||
      (right.entry.priority ?? 0) - (left.entry.priority ?? 0) ||
      right.entry.insertionOrder - left.entry.insertionOrder ||
      left.index - right.index,
  );
  const chosen: ChosenLore[] = [];
  const overBudget: ChosenLore[] = [];
  let tokens = 0;
  for (const lore of byPrecedence) {
    if (tokens + lore.tokens <= budget) {
      chosen.push(lore);
      tokens += lore.tokens;
    } else {
      overBudget.push(lore);
    }
  }
  const inOrder = (left: ChosenLore, right: ChosenLore) =>
    left.entry.insertionOrder - right.entry.insertionOrder || left.index - right.index;
  return { chosen: chosen.sort(inOrder), overBudget: overBudget.sort(inOrder), tokens, budget };
}

function precedence(lore: ChosenLore): number {
  return lore.reason.kind === "constant" || lore.reason.kind === "decorator" ? 1 : 0;
}
