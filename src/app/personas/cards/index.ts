/** Character cards: read (JSON or PNG, V1 to V3), export as V2, and turn into a persona sheet. */
export { type CardProblem, cardProblem } from "./card-error.js";
export { CARD_LIMITS } from "./card-limits.js";
export type { CardFormat, CardSource, CharacterCard } from "./character-card.js";
export { displayName, displayText, promptText } from "./display-text.js";
export { exportCardV2Json, exportFileName, toCardV2 } from "./export-card.js";
export { type MacroNames, substituteNames } from "./macros.js";
export { type CardFileInfo, parseCardFile, parseCardJson } from "./parse-card.js";
export { macroNames, type PersonaSheet, personaSheet } from "./persona-sheet.js";
