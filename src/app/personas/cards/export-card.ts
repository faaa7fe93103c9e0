import type { LoreBook, LoreEntry } from "../lore/lore-book.js";
import type { CharacterCard } from "./character-card.js";
import type { JsonObject, JsonValue } from "./json-value.js";

/**
 * The card as Character Card V2 (`spec: "chara_card_v2"`, `spec_version: "2.0"`), with every
 * extension as it came. A V3 card's own fields (nickname, group_only_greetings, assets...)
 * ride along inside `data`, which V2 readers ignore, so nothing read is lost.
 */
export function toCardV2(card: CharacterCard): JsonObject {
  const data: Record<string, JsonValue> = {
    name: card.name,
    description: card.description,
    personality: card.personality,
    scenario: card.scenario,
    first_mes: card.firstMessage,
    mes_example: card.messageExamples,
    creator_notes: card.creatorNotes,
    system_prompt: card.systemPrompt,
    post_history_instructions: card.postHistoryInstructions,
    alternate_greetings: [...card.alternateGreetings],
    tags: [...card.tags],
    creator: card.creator,
    character_version: card.characterVersion,
    extensions: card.extensions,
  };
  if (card.characterBook) data.character_book = exportBook(card.characterBook);
  if (card.nickname !== undefined) data.nickname = card.nickname;
  if (card.groupOnlyGreetings) data.group_only_greetings = [...card.groupOnlyGreetings];
  for (const [key, value] of Object.entries(card.v3Fields ?? {})) data[key] = value;
  return { spec: "chara_card_v2", spec_version: "2.0", data };
}

/** The V2 export as JSON text, indented for people who open the file. */
export function exportCardV2Json(card: CharacterCard): string {
  return `${JSON.stringify(toCardV2(card), null, 2)}\n`;
}

/** A file name for the export: the character's name in safe characters, then `.json`. */
export function exportFileName(card: CharacterCard): string {
  const stem = card.name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "")
    .trim()
    .replace(/\s+/g, "_")
    .slice(0, 60);
  return `${stem || "character"}.json`;
}

function exportBook(book: LoreBook): JsonObject {
  const out: Record<string, JsonValue> = {};
  if (book.name !== undefined) out.name = book.name;
  if (book.description !== undefined) out.description = book.description;
  if (book.scanDepth !== undefined) out.scan_depth = book.scanDepth;
  if (book.tokenBudget !== undefined) out.token_budget = book.tokenBudget;
  if (book.recursiveScanning !== undefined) out.recursive_scanning = book.recursiveScanning;
  out.extensions = book.extensions;
  out.entries = book.entries.map(exportEntry);
  return out;
}

function exportEntry(entry: LoreEntry): JsonObject {
  const out: Record<string, JsonValue> = {
    keys: [...entry.keys],
    content: entry.content,
    extensions: entry.extensions,
    enabled: entry.enabled,
    insertion_order: entry.insertionOrder,
  };
  if (entry.caseSensitive !== undefined) out.case_sensitive = entry.caseSensitive;
  if (entry.name !== undefined) out.name = entry.name;
  if (entry.priority !== undefined) out.priority = entry.priority;
  if (entry.id !== undefined) out.id = entry.id;
  if (entry.comment !== undefined) out.comment = entry.comment;
  if (entry.selective !== undefined) out.selective = entry.selective;
  if (entry.secondaryKeys !== undefined) out.secondary_keys = [...entry.secondaryKeys];
  if (entry.constant !== undefined) out.constant = entry.constant;
  if (entry.position !== undefined) out.position = entry.position;
  if (entry.useRegex !== undefined) out.use_regex = entry.useRegex;
  return out;
}
