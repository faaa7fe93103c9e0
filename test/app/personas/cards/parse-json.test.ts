import { describe, expect, it } from "vitest";
import { parseCardFile, parseCardJson } from "../../../../src/app/personas/cards/index.js";
import { bramblev1, bytes, json, odalysV2, tamsinV3 } from "../card-fixtures.js";

describe("reading a card's JSON", () => {
  it("reads a V1 card from its top-level fields", () => {
    const card = parseCardJson(json(bramblev1()));
    expect(card).toMatchObject({
      format: "v1",
      source: "json",
      name: "Bramble Quillfeather",
      personality: "nosy, kind, easily flustered",
      firstMessage: "Oh! <user>, you made it before the bell. What are we sending today?",
      systemPrompt: "",
      alternateGreetings: [],
      tags: [],
      extensions: {},
    });
    expect(card.characterBook).toBeUndefined();
  });

  it("reads every V2 field, the lore book's entries and its options", () => {
    const card = parseCardJson(json(odalysV2()));
    expect(card).toMatchObject({
      format: "v2",
      specVersion: "2.0",
      name: "Captain Odalys Venn",
      scenario: "{{user}} has just signed on as navigator.",
      creatorNotes: "Works best with short, salty replies.",
      systemPrompt: "You are {{char}}. Never break character, and speak to {{user}} plainly.",
      postHistoryInstructions: "Keep {{char}}'s replies under four sentences.",
      tags: ["adventure", "airship"],
      creator: "vsbot tests",
      characterVersion: "1.2",
    });
    expect(card.alternateGreetings).toHaveLength(2);
    const book = card.characterBook;
    expect(book).toMatchObject({
      name: "Kestrel lore",
      scanDepth: 3,
      tokenBudget: 500,
      recursiveScanning: false,
    });
    expect(book?.entries).toHaveLength(5);
    expect(book?.entries[1]).toEqual({
      keys: ["Kestrel"],
      content: "The Kestrel has a patched blue envelope and a brass figurehead.",
      enabled: true,
      insertionOrder: 10,
      caseSensitive: true,
      id: 2,
      position: "before_char",
      extensions: {},
    });
    expect(book?.entries[2]).toMatchObject({ selective: true, secondaryKeys: ["night", "dark"] });
    expect(book?.entries[3]?.enabled).toBe(false);
    expect(book?.entries[4]).toMatchObject({ constant: true, priority: 10, keys: [] });
  });

  it("reads a V3 card's nickname, group-only greetings, regex keys and keeps its other fields", () => {
    const card = parseCardJson(json(tamsinV3()));
    expect(card).toMatchObject({
      format: "v3",
      specVersion: "3.0",
      nickname: "Tam",
      groupOnlyGreetings: ["Everyone, quiet: the archive is listening."],
      v3Fields: {
        assets: [{ type: "icon", uri: "ccdefault:", name: "main", ext: "png" }],
        source: ["vsbot-tests:tamsin"],
        creation_date: 1_700_000_000,
        modification_date: 1_700_000_100,
      },
    });
    expect(card.characterBook?.entries[0]?.useRegex).toBe(true);
  });

  it("keeps unknown extensions exactly as they came, nested values included", () => {
    const source = odalysV2();
    const card = parseCardJson(json(source));
    const data = source.data as Record<string, unknown>;
    expect(card.extensions).toEqual(data.extensions);
    expect(card.characterBook?.extensions).toEqual({ "othertool/book": { color: "teal" } });
    expect(card.characterBook?.entries[0]?.extensions).toEqual({ "othertool/entry": [1, 2, 3] });
  });

  it("reads absent and null fields as empty, as the V2 spec allows", () => {
    const card = parseCardJson(
      json({
        spec: "chara_card_v2",
        spec_version: "2.0",
        data: {
          name: "Nib",
          description: null,
          alternate_greetings: null,
          tags: null,
          extensions: null,
        },
      }),
    );
    expect(card).toMatchObject({
      name: "Nib",
      description: "",
      alternateGreetings: [],
      tags: [],
      extensions: {},
    });
  });

  it("takes a V1 field missing from data from the top level, as V2 exports repeat them there", () => {
    const card = parseCardJson(
      json({
        spec: "chara_card_v2",
        name: "Old Nib",
        description: "top-level description",
        data: { name: "Nib", first_mes: "Hi." },
      }),
    );
    expect(card).toMatchObject({
      name: "Nib",
      description: "top-level description",
      firstMessage: "Hi.",
    });
  });

  it("accepts what cards in the wild write: a numeric version, comma-separated keys and tags", () => {
    const card = parseCardJson(
      json({
        spec: "chara_card_v2",
        data: {
          name: "Nib",
          character_version: 2,
          tags: "cozy, shop",
          character_book: {
            entries: [{ keys: "ink, quill ,", content: "Ink is sold by the drop." }],
          },
        },
      }),
    );
    expect(card.characterVersion).toBe("2");
    expect(
      parseCardJson(json({ spec: "chara_card_v2", spec_version: 2, data: { name: "Nib" } }))
        .specVersion,
    ).toBe("2");
    expect(card.tags).toEqual(["cozy", "shop"]);
    expect(card.characterBook?.entries[0]).toMatchObject({
      keys: ["ink", "quill"],
      enabled: true,
      insertionOrder: 0,
    });
  });

  it("reads a later spec version as V3, which asks readers to import newer cards", () => {
    const card = parseCardJson(
      json({ spec: "chara_card_v4", spec_version: "4.0", data: { name: "Nib" } }),
    );
    expect(card.format).toBe("v3");
  });

  it("reads a V2 card without a spec field from its data object", () => {
    expect(parseCardJson(json({ data: { name: "Nib", description: "d" } }))).toMatchObject({
      format: "v2",
      description: "d",
    });
  });

  it("reads JSON bytes with a byte order mark", () => {
    const card = parseCardFile(bytes(`\ufeff${json(bramblev1())}`), { fileName: "bramble.json" });
    expect(card.name).toBe("Bramble Quillfeather");
  });

  it("keeps the texts exactly as written, macros and markup included", () => {
    const card = parseCardJson(
      json({ name: "Nib", description: "Hi {{user}} <@123> @everyone\r\nbye" }),
    );
    expect(card.description).toBe("Hi {{user}} <@123> @everyone\r\nbye");
  });
});
