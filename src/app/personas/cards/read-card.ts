import { cardInvalid, count } from "./card-error.js";
import { CardFields } from "./card-fields.js";
import { CARD_LIMITS } from "./card-limits.js";
import {
  type CardFormat,
  type CardSource,
  type CharacterCard,
  KEPT_V3_FIELDS,
} from "./character-card.js";
import { copyJson } from "./json-copy.js";
import { isPlainObject, type JsonValue } from "./json-value.js";
import { countMacros } from "./macros.js";
import { optional, readLoreBook } from "./read-lore-book.js";

/** The V1 fields, which V2 exports often repeat at the top level for older readers. */
const V1_FIELDS = ["name", "description", "personality", "scenario", "first_mes", "mes_example"];

const LONG = CARD_LIMITS.longText;
const GREETINGS = { maxItems: CARD_LIMITS.greetings, maxLength: LONG };

/**
 * A parsed JSON value as a character card: V3 (`spec: "chara_card_v3"`), V2
 * (`spec: "chara_card_v2"`, fields under `data`) or V1 (the fields at the top level). Absent
 * or null fields read as empty; a field of the wrong type, too long, or a card without a name
 * is refused with a message naming the field.
 */
export function readCard(value: unknown, source: CardSource): CharacterCard {
  if (!isPlainObject(value)) {
    throw cardInvalid("not_a_card", "it holds no character card (its JSON is not an object).");
  }
  const root = new CardFields(value, "");
  const spec = typeof value.spec === "string" ? value.spec : undefined;
  if (spec?.startsWith("lorebook")) {
    throw cardInvalid("not_a_card", "it is a lorebook, not a character card.");
  }
  const format = formatOf(spec, value);
  const data = format === "v1" ? root : root.object("data");
  if (!data) throw cardInvalid("not_a_card", `it says it is ${spec} but has no data object.`);
  const fields = format === "v1" ? data : withV1Fallback(value, data);

  const name = fields.text("name", CARD_LIMITS.name).trim();
  if (!name) throw cardInvalid("missing_name", "the character has no name.");
  const book = data.object("character_book");
  const specVersion = root.has("spec_version")
    ? root.text("spec_version", CARD_LIMITS.shortText, { numberOk: true })
    : undefined;
  const card: CharacterCard = {
    format,
    source,
    ...optional("specVersion", specVersion),
    name,
    description: fields.text("description", LONG),
    personality: fields.text("personality", LONG),
    scenario: fields.text("scenario", LONG),
    firstMessage: fields.text("first_mes", LONG),
    messageExamples: fields.text("mes_example", LONG),
    systemPrompt: data.text("system_prompt", LONG),
    postHistoryInstructions: data.text("post_history_instructions", LONG),
    alternateGreetings: data.texts("alternate_greetings", GREETINGS),
    ...optional("characterBook", book ? readLoreBook(book) : undefined),
    creatorNotes: data.text("creator_notes", LONG),
    tags: data.texts("tags", { maxItems: CARD_LIMITS.tags, maxLength: CARD_LIMITS.shortText }),
    creator: data.text("creator", CARD_LIMITS.shortText),
    characterVersion: data.text("character_version", CARD_LIMITS.shortText, { numberOk: true }),
    extensions: data.extensions(),
    ...optional("nickname", nonEmpty(data.optionalText("nickname", CARD_LIMITS.name))),
    ...optional(
      "groupOnlyGreetings",
      data.has("group_only_greetings") ? data.texts("group_only_greetings", GREETINGS) : undefined,
    ),
    ...optional("v3Fields", keptV3Fields(data)),
  };
  checkMacros(card);
  return card;
}

function formatOf(spec: string | undefined, value: Readonly<Record<string, unknown>>): CardFormat {
  if (spec === "chara_card_v3") return "v3";
  if (spec === "chara_card_v2") return "v2";
  // A later spec (chara_card_v4...) is read as V3; V3 asks readers to import newer cards.
  const version = /^chara_card_v(\d+)$/.exec(spec ?? "")?.[1];
  if (version !== undefined) return Number(version) >= 3 ? "v3" : "v2";
  const data = value.data;
  const dataNamed = isPlainObject(data) && Object.hasOwn(data, "name");
  return isPlainObject(data) && (dataNamed || !Object.hasOwn(value, "name")) ? "v2" : "v1";
}

/** V2 fields are read from `data`; a V1 field missing there is taken from the top level. */
function withV1Fallback(root: Readonly<Record<string, unknown>>, data: CardFields): CardFields {
  const merged: Record<string, unknown> = {};
  for (const key of V1_FIELDS) {
    merged[key] = data.has(key) ? data.raw(key) : Object.hasOwn(root, key) ? root[key] : null;
  }
  return new CardFields(merged, "data");
}

function keptV3Fields(data: CardFields): Readonly<Record<string, JsonValue>> | undefined {
  const kept: Record<string, JsonValue> = {};
  for (const key of KEPT_V3_FIELDS) {
    if (data.has(key)) kept[key] = copyJson(data.raw(key));
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text?.trim() ? text : undefined;
}

/** Each text may hold a bounded number of name macros, so substitution stays small. */
function checkMacros(card: CharacterCard): void {
  const texts: [string, string][] = [
    ["description", card.description],
    ["personality", card.personality],
    ["scenario", card.scenario],
    ["first_mes", card.firstMessage],
    ["mes_example", card.messageExamples],
    ["system_prompt", card.systemPrompt],
    ["post_history_instructions", card.postHistoryInstructions],
    ...card.alternateGreetings.map((text, index): [string, string] => [
      `alternate_greetings[${index}]`,
      text,
    ]),
    ...(card.groupOnlyGreetings ?? []).map((text, index): [string, string] => [
      `group_only_greetings[${index}]`,
      text,
    ]),
    ...(card.characterBook?.entries ?? []).map((entry, index): [string, string] => [
      `character_book.entries[${index}].content`,
      entry.content,
    ]),
  ];
  for (const [name, text] of texts) {
    if (countMacros(text, CARD_LIMITS.macrosPerText) > CARD_LIMITS.macrosPerText) {
      throw cardInvalid(
        "too_many",
        `its ${name} uses {{char}}/{{user}} over ${count(CARD_LIMITS.macrosPerText)} times.`,
      );
    }
  }
}
