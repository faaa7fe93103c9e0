/**
 * Character cards: the pure core that `/persona import`, `/persona export` and persona turns
 * call. Nothing here touches a platform, the store or the network.
 *
 * - `parseCardFile(bytes, { fileName, contentType })` reads an attachment (a PNG with a `ccv3`
 *   or `chara` chunk, or the card's JSON; V1, V2 or V3). A bad file throws a VsbotError with
 *   code `card_invalid`, a user message saying what is wrong, and `cardProblem(error)` naming
 *   the problem; nothing has changed when it does.
 * - A `CharacterCard` is plain JSON data, texts exactly as written: keep it in the state store
 *   as it is.
 * - `personaSheet(card, userDisplayName)` gives a persona turn's prompt parts, names
 *   substituted; its `display` parts are safe to post. Lore for a turn comes from
 *   `selectLore(card.characterBook, latestMessages, { budgetTokens, names: sheet.names })`
 *   in `../lore/`.
 * - `exportCardV2Json(card)` and `exportFileName(card)` give the card back as V2 JSON.
 */
export { type CardProblem, cardProblem } from "./card-error.js";
export { CARD_LIMITS } from "./card-limits.js";
export type { CardFormat, CardSource, CharacterCard } from "./character-card.js";
export { displayName, displayText, promptText } from "./display-text.js";
export { exportCardV2Json, exportFileName, toCardV2 } from "./export-card.js";
export { type MacroNames, substituteNames } from "./macros.js";
export { type CardFileInfo, parseCardFile, parseCardJson } from "./parse-card.js";
export { macroNames, type PersonaSheet, personaSheet } from "./persona-sheet.js";
