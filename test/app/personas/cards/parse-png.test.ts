import { deflateSync } from "node:zlib";
import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { parseCardFile } from "../../../../src/app/personas/cards/index.js";
import { base64, bramblev1, json, odalysV2, tamsinV3 } from "../card-fixtures.js";
import { chunk, pngWithText, withChunks } from "../png-fixtures.js";

describe("reading a card from a PNG", () => {
  it("reads a V2 card from the base64 JSON in a chara tEXt chunk", () => {
    const png = pngWithText({ chara: base64(json(odalysV2())) });
    expect(decode(png).width).toBe(2);
    const card = parseCardFile(png, { fileName: "odalys.png", contentType: "image/png" });
    expect(card).toMatchObject({ format: "v2", source: "png", name: "Captain Odalys Venn" });
    expect(card.characterBook?.entries).toHaveLength(5);
  });

  it("reads a V1 card from a chara chunk", () => {
    const card = parseCardFile(
      pngWithText({ Software: "paint", chara: base64(json(bramblev1())) }),
    );
    expect(card).toMatchObject({ format: "v1", name: "Bramble Quillfeather" });
  });

  it("reads a V3 card from a ccv3 chunk", () => {
    const card = parseCardFile(pngWithText({ ccv3: base64(json(tamsinV3())) }));
    expect(card).toMatchObject({ format: "v3", nickname: "Tam" });
  });

  it("prefers the ccv3 chunk when the PNG carries both, whichever comes first", () => {
    const v2 = base64(json(odalysV2()));
    const v3 = base64(json(tamsinV3()));
    expect(parseCardFile(pngWithText({ chara: v2, ccv3: v3 })).name).toBe("Tamsin Reed");
    expect(parseCardFile(pngWithText({ ccv3: v3, chara: v2 })).name).toBe("Tamsin Reed");
  });

  it("reads base64 with line breaks and without padding", () => {
    const encoded = base64(json({ name: "Nib" })).replace(/=+$/, "");
    const wrapped = encoded.replace(/(.{20})/g, "$1\n");
    expect(parseCardFile(pngWithText({ chara: wrapped })).name).toBe("Nib");
  });

  it("reads the keyword in any case, as SillyTavern does", () => {
    expect(parseCardFile(pngWithText({ Chara: base64(json({ name: "Nib" })) })).name).toBe("Nib");
  });

  it("reads a card that a tool stored in a compressed zTXt chunk", () => {
    const text = Buffer.from(base64(json(bramblev1())), "latin1");
    const data = Buffer.concat([Buffer.from("chara\0\0", "latin1"), deflateSync(text)]);
    const card = parseCardFile(withChunks(pngWithText({}), chunk("zTXt", data)));
    expect(card.name).toBe("Bramble Quillfeather");
  });

  it("reads a card from an iTXt chunk, compressed or not", () => {
    const text = Buffer.from(base64(json(tamsinV3())), "utf8");
    const plain = Buffer.concat([Buffer.from("ccv3\0\0\0en\0\0", "latin1"), text]);
    const packed = Buffer.concat([Buffer.from("ccv3\0\x01\0\0\0", "latin1"), deflateSync(text)]);
    expect(parseCardFile(withChunks(pngWithText({}), chunk("iTXt", plain))).nickname).toBe("Tam");
    expect(parseCardFile(withChunks(pngWithText({}), chunk("iTXt", packed))).nickname).toBe("Tam");
  });

  it("keeps a card's non-ASCII text through base64", () => {
    const card = parseCardFile(
      pngWithText({ chara: base64(json({ name: "Zoë 風子", description: "café ☕" })) }),
    );
    expect(card).toMatchObject({ name: "Zoë 風子", description: "café ☕" });
  });
});
