/** Lore (a card's character_book): which entries a turn's prompt gets, and why. */
export type { LoreBook, LoreEntry, LorePosition } from "./lore-book.js";
export type { ChosenLore, LoreReason, LoreSelection } from "./lore-selection.js";
export { loreText } from "./lore-text.js";
export type { SecondaryLogic } from "./secondary-logic.js";
export { LORE_SCAN_LIMIT, type LoreSelectionOptions, selectLore } from "./select-lore.js";
