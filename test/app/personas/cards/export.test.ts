import { describe, expect, it } from "vitest";
import {
  type CharacterCard,
  exportCardV2Json,
  exportFileName,
  parseCardFile,
  parseCardJson,
  toCardV2,
} from "../../../../src/app/personas/cards/index.js";
import { base64, bramblev1, json, odalysV2, tamsinV3 } from "../card-fixtures.js";
import { pngWithText } from "../png-fixtures.js";

/** What must survive an export and a new import: everything but where the card came from. */
function content(card: CharacterCard) {
  const { format: _format, source: _source, specVersion: _version, ...rest } = card;
  return rest;
}

describe("exporting a card as Character Card V2", () => {
  it("writes spec chara_card_v2, spec_version 2.0 and the V2 fields under data", () => {
    const exported = toCardV2(parseCardJson(json(bramblev1())));
    expect(exported).toMatchObject({ spec: "chara_card_v2", spec_version: "2.0" });
    expect(Object.keys(exported.data as object)).toEqual([
      "name",
      "description",
      "personality",
      "scenario",
      "first_mes",
      "mes_example",
      "creator_notes",
      "system_prompt",
      "post_history_instructions",
      "alternate_greetings",
      "tags",
      "creator",
      "character_version",
      "extensions",
    ]);
  });

  it("gives back a V2 card's data as it came, unknown extensions and lore fields included", () => {
    const source = odalysV2();
    const exported = JSON.parse(exportCardV2Json(parseCardJson(json(source))));
    expect(exported).toEqual(source);
  });

  it("round-trips a V2 card read from a PNG", () => {
    const card = parseCardFile(pngWithText({ chara: base64(json(odalysV2())) }));
    expect(content(parseCardJson(exportCardV2Json(card)))).toEqual(content(card));
  });

  it("carries a V3 card's own fields inside data, so a new import restores them", () => {
    const card = parseCardJson(json(tamsinV3()));
    const exported = toCardV2(card);
    expect(exported.spec).toBe("chara_card_v2");
    expect(exported.data).toMatchObject({
      nickname: "Tam",
      group_only_greetings: ["Everyone, quiet: the archive is listening."],
      source: ["vsbot-tests:tamsin"],
      extensions: { "othertool/theme": "sepia" },
    });
    const entry = (exported.data as { character_book: { entries: unknown[] } }).character_book
      .entries[0];
    expect(entry).toMatchObject({ use_regex: true, keys: ["music ?box(es)?"] });
    const again = parseCardJson(exportCardV2Json(card));
    expect(again.format).toBe("v2");
    expect(content(again)).toEqual(content(card));
  });

  it("reads cards into plain JSON data that survives the state store's serialization", () => {
    for (const source of [bramblev1(), odalysV2(), tamsinV3()]) {
      const card = parseCardJson(json(source));
      expect(JSON.parse(JSON.stringify(card))).toStrictEqual(card);
    }
  });

  it("names the file after the character in safe characters", () => {
    const card = parseCardJson(json({ name: "Captain Odalys Venn" }));
    expect(exportFileName(card)).toBe("Captain_Odalys_Venn.json");
    expect(exportFileName(parseCardJson(json({ name: "../../etc/passwd" })))).toBe(
      "etcpasswd.json",
    );
    expect(exportFileName(parseCardJson(json({ name: "@@@" })))).toBe("character.json");
  });
});
