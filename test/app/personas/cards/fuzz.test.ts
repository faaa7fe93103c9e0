import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCardFile, parseCardJson } from "../../../../src/app/personas/cards/index.js";
import { isVsbotError } from "../../../../src/engine/errors.js";
import { base64, json, odalysV2, tamsinV3 } from "../card-fixtures.js";
import { pngWithText } from "../png-fixtures.js";

/** Parses, and fails the property on anything thrown but the card's own typed error. */
function readsOrRefuses(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch (error) {
    if (isVsbotError(error) && error.code === "card_invalid") return true;
    throw error;
  }
}

const validPng = pngWithText({ chara: base64(json(odalysV2())), ccv3: base64(json(tamsinV3())) });
const PNG_SIGNATURE = Array.from(validPng.subarray(0, 8));

/** A valid card PNG with some bytes overwritten and perhaps cut short. */
const damagedPng = fc
  .record({
    edits: fc.array(
      fc.tuple(fc.nat({ max: validPng.length - 1 }), fc.integer({ min: 0, max: 255 })),
      {
        maxLength: 8,
      },
    ),
    cut: fc.option(fc.nat({ max: validPng.length }), { nil: undefined }),
  })
  .map(({ edits, cut }) => {
    const bytes = Uint8Array.from(validPng);
    for (const [at, value] of edits) bytes[at] = value;
    return cut === undefined ? bytes : bytes.subarray(0, cut);
  });

describe("no input makes the card parser throw anything but its typed error", () => {
  it("holds for arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) =>
        readsOrRefuses(() => parseCardFile(bytes)),
      ),
      {
        numRuns: 300,
      },
    );
  });

  it("holds for bytes behind a PNG signature", () => {
    const bytes = fc
      .uint8Array({ maxLength: 256 })
      .map((tail) => Uint8Array.from([...PNG_SIGNATURE, ...tail]));
    fc.assert(
      fc.property(bytes, (png) => readsOrRefuses(() => parseCardFile(png))),
      { numRuns: 300 },
    );
  });

  it("holds for a real card PNG with damaged or missing bytes", () => {
    fc.assert(
      fc.property(damagedPng, (png) => readsOrRefuses(() => parseCardFile(png))),
      { numRuns: 200 },
    );
  });

  it("holds for any JSON text, and any JSON value in a card's fields", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) =>
        readsOrRefuses(() => parseCardJson(text)),
      ),
      {
        numRuns: 200,
      },
    );
    const fieldValue = fc.jsonValue({ maxDepth: 3 });
    const card = fc.record({
      name: fc.oneof(fc.string({ maxLength: 20 }), fieldValue),
      description: fieldValue,
      alternate_greetings: fieldValue,
      extensions: fieldValue,
      character_book: fc.oneof(
        fieldValue,
        fc.record({
          entries: fc.array(
            fc.dictionary(
              fc.constantFrom(
                "keys",
                "content",
                "enabled",
                "insertion_order",
                "secondary_keys",
                "position",
                "use_regex",
                "__proto__",
              ),
              fieldValue,
            ),
            { maxLength: 4 },
          ),
        }),
      ),
    });
    fc.assert(
      fc.property(card, (data) =>
        readsOrRefuses(() => parseCardJson(JSON.stringify({ spec: "chara_card_v2", data }))),
      ),
      { numRuns: 300 },
    );
  });

  it("can also succeed: a damaged PNG whose card chunk survived still reads", () => {
    const survivors = fc.sample(damagedPng, { numRuns: 50, seed: 7 }).filter((png) => {
      try {
        parseCardFile(png);
        return true;
      } catch {
        return false;
      }
    });
    expect(survivors.length).toBeGreaterThan(0);
  });
});
