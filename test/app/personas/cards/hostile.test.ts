import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CARD_LIMITS,
  parseCardFile,
  parseCardJson,
} from "../../../../src/app/personas/cards/index.js";
import { expectRejected } from "../card-errors.js";
import { base64, bytes, json, odalysV2 } from "../card-fixtures.js";
import { chunk, chunkOffset, pngWithText, textData, withChunks } from "../png-fixtures.js";

const cardPng = () => pngWithText({ chara: base64(json(odalysV2())) });
const withData = (data: Record<string, unknown>) =>
  json({ spec: "chara_card_v2", data: { name: "Nib", ...data } });

describe("files that are not cards", () => {
  it("refuses an empty file", () => {
    expectRejected(() => parseCardFile(new Uint8Array()), "empty", /empty/);
  });

  it("refuses a file over the size limit before reading it", () => {
    const huge = new Uint8Array(CARD_LIMITS.fileBytes + 1);
    expectRejected(
      () => parseCardFile(huge),
      "too_large",
      /8,388,609 bytes; cards up to 8,388,608/,
    );
  });

  it("refuses card JSON over its limit", () => {
    const big = json({ name: "Nib", description: "x".repeat(CARD_LIMITS.jsonBytes) });
    expectRejected(() => parseCardFile(bytes(big)), "too_large", /JSON is/);
    expectRejected(() => parseCardJson(big), "too_large");
  });

  it("refuses a file named as a PNG that is not one", () => {
    expectRejected(
      () => parseCardFile(bytes(json({ name: "Nib" })), { fileName: "nib.PNG" }),
      "not_png",
      /not a PNG/,
    );
  });

  it("refuses other image formats and plain text, saying what it takes", () => {
    expectRejected(
      () => parseCardFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])),
      "unknown_format",
      /PNG/,
    );
    expectRejected(() => parseCardFile(bytes("hello there")), "unknown_format", /neither/);
  });

  it("refuses a lorebook, a JSON list and a card without a data object", () => {
    expectRejected(
      () => parseCardJson(json({ spec: "lorebook_v3", data: { entries: [] } })),
      "not_a_card",
      /lorebook/,
    );
    expectRejected(() => parseCardJson("[1, 2]"), "not_a_card", /not an object/);
    expectRejected(
      () => parseCardJson(json({ spec: "chara_card_v3" })),
      "not_a_card",
      /no data object/,
    );
  });

  it("refuses bytes that are not UTF-8", () => {
    expectRejected(
      () => parseCardFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      "bad_text",
      /UTF-8/,
    );
  });
});

describe("damaged PNGs", () => {
  it("refuses a PNG cut off in the middle or before its end", () => {
    const png = cardPng();
    expectRejected(() => parseCardFile(png.subarray(0, png.length >> 1)), "truncated", /cut off/);
    expectRejected(() => parseCardFile(png.subarray(0, png.length - 12)), "truncated");
    expectRejected(() => parseCardFile(png.subarray(0, 8)), "truncated");
  });

  it("refuses a chunk whose checksum is wrong, in the card chunk or in the image data", () => {
    const png = cardPng();
    const broken = Uint8Array.from(png);
    const at = chunkOffset(broken, "chara");
    broken[at + 20] = (broken[at + 20] ?? 0) ^ 0x01;
    expectRejected(() => parseCardFile(broken), "bad_crc", /checksum of its tEXt chunk/);
    const image = Uint8Array.from(png);
    image[8 + 8 + 3] = (image[8 + 8 + 3] ?? 0) ^ 0xff;
    expectRejected(() => parseCardFile(image), "bad_crc", /IHDR/);
  });

  it("refuses a chunk that claims more bytes than the file has, without allocating them", () => {
    const png = Uint8Array.from(cardPng());
    new DataView(png.buffer).setUint32(chunkOffset(png, "chara"), 0xfffffff0);
    expectRejected(() => parseCardFile(png), "truncated");
  });

  it("refuses a PNG that does not start with IHDR, or whose chunk type is garbage", () => {
    const noHeader = Buffer.concat([
      cardPng().subarray(0, 8),
      chunk("tEXt", textData("chara", "e30=")),
    ]);
    expectRejected(() => parseCardFile(noHeader), "not_png", /IHDR/);
    const garbage = Uint8Array.from(cardPng());
    garbage[12] = 0x00;
    expectRejected(() => parseCardFile(garbage), "not_png", /no valid type/);
  });

  it("refuses a PNG with too many chunks", () => {
    const empty = chunk("teXt", new Uint8Array());
    const many = withChunks(
      pngWithText({}),
      ...Array.from({ length: CARD_LIMITS.pngChunks }, () => empty),
    );
    expectRejected(() => parseCardFile(many), "too_many", /chunks/);
  });
});

describe("PNGs without a readable card", () => {
  it("says when a PNG has no card chunk", () => {
    expectRejected(() => parseCardFile(pngWithText({})), "no_card_chunk", /no "chara" or "ccv3"/);
    expectRejected(() => parseCardFile(pngWithText({ Comment: "hello" })), "no_card_chunk");
  });

  it("names a card chunk stored under the wrong keyword", () => {
    const png = pngWithText({ character: base64(json({ name: "Nib" })) });
    expectRejected(() => parseCardFile(png), "wrong_chunk", /named "character"/);
  });

  it("refuses broken base64, empty chunks and base64 that is not UTF-8", () => {
    expectRejected(
      () => parseCardFile(pngWithText({ chara: "eyJuYW1lIjoi*TmliIn0=" })),
      "bad_base64",
      /not valid base64/,
    );
    expectRejected(() => parseCardFile(pngWithText({ chara: "e" })), "bad_base64");
    expectRejected(() => parseCardFile(pngWithText({ chara: "" })), "bad_base64", /empty/);
    const latin = Buffer.from([0x7b, 0xe9, 0x7d]).toString("base64");
    expectRejected(() => parseCardFile(pngWithText({ chara: latin })), "bad_text", /UTF-8/);
  });

  it("refuses broken JSON inside the chunk, saying where", () => {
    const png = pngWithText({ chara: base64('{"name": "Nib",, }') });
    expectRejected(
      () => parseCardFile(png),
      "bad_json",
      /chara chunk is not valid JSON \(near character \d+\)/,
    );
  });

  it("reports a broken ccv3 chunk rather than quietly using the chara one", () => {
    const png = pngWithText({ chara: base64(json(odalysV2())), ccv3: "%%%" });
    expectRejected(() => parseCardFile(png), "bad_base64", /ccv3/);
  });

  it("refuses a compressed chunk that inflates past the limit (a zip bomb)", () => {
    const bomb = deflateSync(Buffer.alloc(CARD_LIMITS.jsonBytes * 2, 0x41));
    expect(bomb.length).toBeLessThan(20_000);
    const png = withChunks(
      pngWithText({}),
      chunk("zTXt", Buffer.concat([Buffer.from("chara\0\0"), bomb])),
    );
    expectRejected(() => parseCardFile(png), "too_large", /more than/);
  });

  it("refuses damaged compressed text", () => {
    const data = Buffer.concat([Buffer.from("chara\0\0"), Buffer.from("not zlib at all")]);
    expectRejected(
      () => parseCardFile(withChunks(pngWithText({}), chunk("zTXt", data))),
      "bad_text",
      /damaged/,
    );
  });
});

describe("cards with bad contents", () => {
  it("refuses a card without a name, or with a blank one", () => {
    expectRejected(() => parseCardJson(json({ description: "nobody" })), "missing_name", /no name/);
    expectRejected(
      () => parseCardJson(json({ spec: "chara_card_v2", data: { name: "   " } })),
      "missing_name",
    );
  });

  it("names the field of the wrong type and what it should be", () => {
    expectRejected(
      () => parseCardJson(withData({ description: 42 })),
      "wrong_type",
      /data\.description should be text, not a number/,
    );
    expectRejected(
      () => parseCardJson(withData({ alternate_greetings: ["hi", { text: "x" }] })),
      "wrong_type",
      /data\.alternate_greetings\[1\] should be text, not an object/,
    );
    expectRejected(
      () => parseCardJson(withData({ extensions: [1] })),
      "wrong_type",
      /data\.extensions should be an object, not a list/,
    );
    expectRejected(
      () => parseCardJson(withData({ character_book: { entries: [{ keys: [7], content: "x" }] } })),
      "wrong_type",
      /data\.character_book\.entries\[0\]\.keys\[0\] should be text/,
    );
    expectRejected(
      () =>
        parseCardJson(
          withData({
            character_book: { entries: [{ keys: ["a"], content: "x", enabled: "yes" }] },
          }),
        ),
      "wrong_type",
      /enabled should be true or false/,
    );
    expectRejected(
      () => parseCardJson(withData({ character_book: { entries: {} } })),
      "wrong_type",
      /entries should be a list/,
    );
    expectRejected(
      () => parseCardJson(json({ name: ["Nib"] })),
      "wrong_type",
      /^.*name should be text, not a list/,
    );
  });

  it("refuses fields over their length limits", () => {
    const long = "x".repeat(CARD_LIMITS.longText + 1);
    expectRejected(
      () => parseCardJson(withData({ description: long })),
      "too_long",
      /data\.description is 50,001 characters long; at most 50,000/,
    );
    expectRejected(
      () => parseCardJson(json({ name: "N".repeat(CARD_LIMITS.name + 1) })),
      "too_long",
      /name/,
    );
  });

  it("refuses too many greetings, lore entries, keys and macros", () => {
    expectRejected(
      () =>
        parseCardJson(
          withData({ alternate_greetings: Array(CARD_LIMITS.greetings + 1).fill("hi") }),
        ),
      "too_many",
      /alternate_greetings has 101 items/,
    );
    const entries = Array.from({ length: CARD_LIMITS.loreEntries + 1 }, () => ({
      keys: ["a"],
      content: "b",
    }));
    expectRejected(
      () => parseCardJson(withData({ character_book: { entries } })),
      "too_many",
      /1,001 entries/,
    );
    const keyed = Array.from({ length: 60 }, () => ({
      keys: Array(CARD_LIMITS.keysPerEntry).fill("k"),
      content: "b",
    }));
    expectRejected(
      () => parseCardJson(withData({ character_book: { entries: keyed } })),
      "too_many",
      /keys in all/,
    );
    const regex = [
      { keys: Array(CARD_LIMITS.regexKeys + 1).fill("a+"), content: "b", use_regex: true },
    ];
    expectRejected(
      () => parseCardJson(withData({ character_book: { entries: regex } })),
      "too_many",
      /regular-expression keys/,
    );
    const macros = "{{user}}".repeat(CARD_LIMITS.macrosPerText + 1);
    expectRejected(
      () => parseCardJson(withData({ first_mes: macros })),
      "too_many",
      /first_mes uses/,
    );
  });

  it("refuses nesting deeper than the limit, however deep, without walking it", () => {
    const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expectRejected(
      () => parseCardJson(`{"name":"Nib","extensions":{"x":${deep(40)}}}`),
      "too_deep",
      /32 levels/,
    );
    expectRejected(() => parseCardJson(`{"name":"Nib","x":${deep(500_000)}}`), "too_deep");
    expect(
      parseCardJson(`{"name":"Nib","extensions":{"x":${deep(20)}}}`).extensions.x,
    ).toBeDefined();
  });

  it("does not count brackets inside strings as nesting", () => {
    const card = parseCardJson(
      json({ name: "Nib", description: `${"[[[[[[[[[[".repeat(10)}\\"{{{{` }),
    );
    expect(card.description).toContain("[[[[");
  });

  it("drops __proto__ keys so nothing can reach a prototype", () => {
    const text =
      '{"__proto__":{"polluted":1},"spec":"chara_card_v2","data":{"name":"Nib","__proto__":{"polluted":2},' +
      '"extensions":{"__proto__":{"polluted":3},"kept":{"__proto__":{"polluted":4},"value":1}},' +
      '"character_book":{"entries":[{"keys":["a"],"content":"b","extensions":{"__proto__":{"polluted":5}}}]}}}';
    const card = parseCardJson(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(card.extensions)).toBe(Object.prototype);
    expect(Object.hasOwn(card.extensions, "__proto__")).toBe(false);
    expect(card.extensions).toEqual({ kept: { value: 1 } });
    expect((card.extensions.kept as Record<string, unknown>).polluted).toBeUndefined();
    expect(card.characterBook?.entries[0]?.extensions).toEqual({});
    expect(JSON.stringify(card)).not.toContain("polluted");
  });

  it("changes nothing it was given: the bytes are the same after a refusal", () => {
    const png = cardPng();
    const broken = Uint8Array.from(png.subarray(0, png.length - 30));
    const before = Uint8Array.from(broken);
    expectRejected(() => parseCardFile(broken), "truncated");
    expect(broken).toEqual(before);
  });

  it("keeps mentions and markup as written: they are neutralised only where shown", () => {
    const card = parseCardJson(
      withData({ first_mes: "@everyone <@&42> <!channel> [win](https://example.test)" }),
    );
    expect(card.firstMessage).toBe("@everyone <@&42> <!channel> [win](https://example.test)");
  });
});
