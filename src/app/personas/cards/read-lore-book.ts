import { isRegexKey } from "../lore/key-matcher.js";
import type { LoreBook, LoreEntry, LorePosition } from "../lore/lore-book.js";
import { cardInvalid, count } from "./card-error.js";
import type { CardFields } from "./card-fields.js";
import { CARD_LIMITS } from "./card-limits.js";

const KEY_LIST = { maxItems: CARD_LIMITS.keysPerEntry, maxLength: CARD_LIMITS.keyLength };

/** A card's character_book, with its entries' fields checked and their extensions kept. */
export function readLoreBook(book: CardFields): LoreBook {
  const entries = book.objects("entries", CARD_LIMITS.loreEntries).map(readLoreEntry);
  const keys = entries.reduce(
    (sum, entry) => sum + entry.keys.length + (entry.secondaryKeys?.length ?? 0),
    0,
  );
  if (keys > CARD_LIMITS.loreKeys) {
    throw cardInvalid(
      "too_many",
      `its character_book has ${count(keys)} keys in all; at most ${count(CARD_LIMITS.loreKeys)} are accepted.`,
    );
  }
  const regexKeys = entries.reduce(
    (sum, entry) =>
      sum +
      [...entry.keys, ...(entry.secondaryKeys ?? [])].filter((key) =>
        isRegexKey(key, entry.useRegex === true),
      ).length,
    0,
  );
  if (regexKeys > CARD_LIMITS.regexKeys) {
    throw cardInvalid(
      "too_many",
      `its character_book has ${count(regexKeys)} regular-expression keys; at most ${CARD_LIMITS.regexKeys} are accepted.`,
    );
  }
  return {
    ...optional("name", book.optionalText("name", CARD_LIMITS.shortText)),
    ...optional("description", book.optionalText("description", CARD_LIMITS.longText)),
    ...optional("scanDepth", book.optionalNumber("scan_depth")),
    ...optional("tokenBudget", book.optionalNumber("token_budget")),
    ...optional("recursiveScanning", book.optionalBoolean("recursive_scanning")),
    extensions: book.extensions(),
    entries,
  };
}

function readLoreEntry(entry: CardFields, index: number): LoreEntry {
  return {
    keys: entry.texts("keys", KEY_LIST),
    content: entry.text("content", CARD_LIMITS.loreEntryContent),
    enabled: entry.optionalBoolean("enabled") ?? true,
    insertionOrder: entry.optionalNumber("insertion_order") ?? index,
    ...optional("caseSensitive", entry.optionalBoolean("case_sensitive")),
    ...optional("constant", entry.optionalBoolean("constant")),
    ...optional("selective", entry.optionalBoolean("selective")),
    ...optional(
      "secondaryKeys",
      entry.has("secondary_keys") ? entry.texts("secondary_keys", KEY_LIST) : undefined,
    ),
    ...optional("position", position(entry.raw("position"))),
    ...optional("useRegex", entry.optionalBoolean("use_regex")),
    ...optional("priority", entry.optionalNumber("priority")),
    ...optional("name", entry.optionalText("name", CARD_LIMITS.shortText)),
    ...optional("id", id(entry)),
    ...optional("comment", entry.optionalText("comment", CARD_LIMITS.longText)),
    extensions: entry.extensions(),
  };
}

/** The spec's two words; SillyTavern's numbers (0 before, others after) are read too. */
function position(value: unknown): LorePosition | undefined {
  if (value === "before_char" || value === 0) return "before_char";
  if (value === "after_char" || (typeof value === "number" && value > 0)) return "after_char";
  return undefined;
}

function id(entry: CardFields): number | string | undefined {
  const value = entry.raw("id");
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return entry.optionalText("id", CARD_LIMITS.shortText);
}

/** `{ key: value }` when the value is set, `{}` otherwise: optional fields stay absent. */
export function optional<Key extends string, Value>(
  key: Key,
  value: Value | undefined,
): { [K in Key]?: Value } {
  return (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };
}
