/**
 * Bounds on everything a card file can make us read or build. Real cards sit far below them:
 * a long card is some 10,000 tokens of text, its PNG a few hundred kilobytes to a few megabytes.
 */
export const CARD_LIMITS = {
  /** The attached file: JSON or PNG. */
  fileBytes: 8 * 1024 * 1024,
  /** The card's JSON text, whether given as a file or decoded from a PNG chunk. */
  jsonBytes: 2 * 1024 * 1024,
  /** Nesting of arrays and objects in the JSON (a V3 card needs about 6). */
  jsonDepth: 32,
  /** Chunks in one PNG (image data often comes in many IDAT chunks). */
  pngChunks: 100_000,
  name: 100,
  /** description, personality, scenario, first_mes, mes_example, system_prompt, ... */
  longText: 50_000,
  /** creator, character_version, nickname, tags, lore names. */
  shortText: 200,
  greetings: 100,
  tags: 100,
  loreEntries: 1_000,
  loreEntryContent: 20_000,
  keysPerEntry: 100,
  /** Keys over the whole book, primary and secondary: each is searched for on every turn. */
  loreKeys: 5_000,
  keyLength: 200,
  /** Regular-expression keys over the whole book: linear-time, but costlier than plain keys. */
  regexKeys: 50,
  /** `{{char}}`, `{{user}}`, `<BOT>`, `<USER>` per text: bounds what substitution can build. */
  macrosPerText: 1_000,
} as const;
