/**
 * The name macros of character cards: `{{char}}` and `{{user}}` (any case, spaces inside the
 * braces allowed), and the older cards' `<BOT>`, `<CHAR>` and `<USER>`.
 */
const MACRO = /\{\{\s*(char|user)\s*\}\}|<(bot|char|user)>/gi;

export interface MacroNames {
  /** What `{{char}}` becomes: the card's nickname when it has one, else its name. */
  readonly character: string;
  /** What `{{user}}` becomes: the display name of the person talking to the character. */
  readonly user: string;
}

/**
 * Replaces the name macros in one pass, so a name that itself looks like a macro is left as
 * written. The result grows by at most the names' length per macro, and cards are checked at
 * import to hold at most CARD_LIMITS.macrosPerText macros per text.
 */
export function substituteNames(text: string, names: MacroNames): string {
  return text.replace(MACRO, (_match, braced?: string, angled?: string) =>
    (braced ?? angled ?? "").toLowerCase() === "user" ? names.user : names.character,
  );
}

/** How many name macros a text holds, counting no further than `limit + 1`. */
export function countMacros(text: string, limit: number): number {
  let found = 0;
  for (const _match of text.matchAll(MACRO)) {
    found++;
    if (found > limit) break;
  }
  return found;
}
