import type { LoreBook } from "../lore/lore-book.js";
import type { JsonObject, JsonValue } from "./json-value.js";

/** Which shape the card came in: V1 (flat), V2 (`chara_card_v2`) or V3 (`chara_card_v3`). */
export type CardFormat = "v1" | "v2" | "v3";

/** Where the card was read from. */
export type CardSource = "json" | "png";

/**
 * A character card as read from a file: every text exactly as the card wrote it (no
 * substitution, no cleaning), so it can be exported back. Absent texts are "". Prompt and
 * display text are derived from it by `personaSheet`, `promptText` and `displayText`.
 */
export interface CharacterCard {
  readonly format: CardFormat;
  readonly source: CardSource;
  /** The spec_version the card stated, if any. */
  readonly specVersion?: string;
  readonly name: string;
  readonly description: string;
  readonly personality: string;
  readonly scenario: string;
  readonly firstMessage: string;
  readonly messageExamples: string;
  readonly systemPrompt: string;
  readonly postHistoryInstructions: string;
  readonly alternateGreetings: readonly string[];
  readonly characterBook?: LoreBook;
  /** For people, never for prompts (the spec forbids that). */
  readonly creatorNotes: string;
  readonly tags: readonly string[];
  readonly creator: string;
  readonly characterVersion: string;
  /** Kept as they came; an export gives them back. */
  readonly extensions: JsonObject;
  /** V3: the name `{{char}}` stands for, when set. */
  readonly nickname?: string;
  /** V3: greetings meant only for group chats (scenes). */
  readonly groupOnlyGreetings?: readonly string[];
  /** V3 fields with no part in prompts, kept for the export: assets, source, dates... */
  readonly v3Fields?: JsonObject;
}

/** V3 fields that are carried through untouched. */
export const KEPT_V3_FIELDS = [
  "assets",
  "source",
  "creator_notes_multilingual",
  "creation_date",
  "modification_date",
] as const;

export type KeptV3Field = (typeof KEPT_V3_FIELDS)[number];

export type { JsonObject, JsonValue };
