import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { textsOf } from "./helpers.js";

const FULL =
  '{"responses": [{"text": "one", "probability": 0.2}, {"text": "two", "probability": 0.3}, {"text": "three", "probability": 0.5}]}';

describe("output cut off at the token limit", () => {
  it("recovers the complete candidates and drops the one being written, at every cut point", () => {
    const thirdStart = FULL.indexOf('{"text": "three"');
    const thirdEnd = FULL.indexOf("}", thirdStart);
    for (let cut = thirdStart + 1; cut <= thirdEnd; cut++) {
      const result = parseCandidates(FULL.slice(0, cut), { finishReason: "length" });
      expect(textsOf(result), `cut at ${cut}`).toEqual(["one", "two"]);
      expect(result.truncated, `cut at ${cut}`).toBe(true);
      expect(result.warnings).toContain("dropped 1 candidate cut off at the end of the output");
    }
  });

  it("keeps a candidate whose closing brace was reached even if the list was not closed", () => {
    const cut = FULL.slice(0, FULL.indexOf("}, {") + 1);
    const result = parseCandidates(cut, { finishReason: "length" });
    expect(textsOf(result)).toEqual(["one"]);
    expect(result.truncated).toBe(true);
    expect(result.warnings).toContain("the output ended before the JSON was closed");
  });

  it("drops a plain string that was cut in a top-level array", () => {
    const result = parseCandidates('["complete", "cut in the mid');
    expect(textsOf(result)).toEqual(["complete"]);
    expect(result.truncated).toBe(true);
  });

  it("reports truncation when the output ended before any candidate", () => {
    const result = parseCandidates('{"reasoning": "I will write five jok', {
      finishReason: "length",
    });
    expect(result.candidates).toEqual([]);
    expect(result.truncated).toBe(true);
  });

  it("is not truncated when the JSON is complete", () => {
    expect(parseCandidates(FULL, { finishReason: "length" }).truncated).toBe(false);
  });
});
