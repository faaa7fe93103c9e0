import type { JsonObject } from "../cards/json-value.js";

/** Where a lore entry goes relative to the character's definition (Character Card V2). */
export type LorePosition = "before_char" | "after_char";

/**
 * One entry of a card's character_book, with the Character Card V2 and V3 fields that decide
 * whether and where it is inserted. Optional fields are absent when the card left them out, so
 * an export writes back what came in.
 */
export interface LoreEntry {
  readonly keys: readonly string[];
  readonly content: string;
  readonly enabled: boolean;
  /** Lower values are inserted earlier in the prompt. */
  readonly insertionOrder: number;
  readonly caseSensitive?: boolean;
  readonly constant?: boolean;
  /** When true, a key from `secondaryKeys` must match too (see `extensions.selectiveLogic`). */
  readonly selective?: boolean;
  readonly secondaryKeys?: readonly string[];
  readonly position?: LorePosition;
  /** Character Card V3: the keys are regular expressions. */
  readonly useRegex?: boolean;
  /** When the budget is short, lower priority goes first. */
  readonly priority?: number;
  readonly name?: string;
  readonly id?: number | string;
  readonly comment?: string;
  /** Kept as the card had them; SillyTavern keeps match_whole_words, selectiveLogic... here. */
  readonly extensions: JsonObject;
}

export interface LoreBook {
  readonly name?: string;
  readonly description?: string;
  /** How many of the latest messages are scanned for keys. */
  readonly scanDepth?: number;
  /** The card's own cap on lore tokens; the smaller of it and the caller's budget applies. */
  readonly tokenBudget?: number;
  /** Whether inserted entries' content can trigger further entries. */
  readonly recursiveScanning?: boolean;
  readonly extensions: JsonObject;
  readonly entries: readonly LoreEntry[];
}
