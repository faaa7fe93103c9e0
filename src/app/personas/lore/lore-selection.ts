import type { LoreEntry, LorePosition } from "./lore-book.js";
import type { SecondaryLogic } from "./secondary-logic.js";

/** Why an entry was chosen (or would have been, had it fit). */
export type LoreReason =
  | { readonly kind: "constant" }
  | { readonly kind: "decorator" }
  | {
      readonly kind: "key";
      readonly key: string;
      readonly secondaryKey?: string;
      readonly logic?: SecondaryLogic;
    }
  | { readonly kind: "recursion"; readonly key: string };

export interface ChosenLore {
  readonly entry: LoreEntry;
  /** The entry's place in the book. */
  readonly index: number;
  /** The text to insert: decorators removed, names substituted, cleaned for the prompt. */
  readonly content: string;
  readonly tokens: number;
  readonly position: LorePosition;
  readonly reason: LoreReason;
}

export interface LoreSelection {
  /** In insertion order: lower insertion_order first, then the book's order. */
  readonly chosen: readonly ChosenLore[];
  /** Matched, but left out whole because the budget was spent. */
  readonly overBudget: readonly ChosenLore[];
  readonly tokens: number;
  readonly budget: number;
}
