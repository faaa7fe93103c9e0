import { describe, expect, it } from "vitest";
import { MAX_CANDIDATES, parseCandidates } from "../../../src/engine/parse/index.js";
import { sumOf, textsOf } from "./helpers.js";

function numbered(count: number): string[] {
  return Array.from({ length: count }, (_unused, index) => `candidate ${index + 1}`);
}

describe("how many candidates", () => {
  it("keeps at most 50 candidates, the first ones, and says so", () => {
    const result = parseCandidates(JSON.stringify(numbered(63)));
    expect(MAX_CANDIDATES).toBe(50);
    expect(textsOf(result)).toEqual(numbered(50));
    expect(sumOf(result.candidates.map((candidate) => candidate.probability))).toBeCloseTo(1, 12);
    expect(result.warnings).toContain("kept the first 50 of 63 candidates");
  });

  it("warns when the count differs from the expected one", () => {
    const result = parseCandidates(JSON.stringify(numbered(3)), { expected: 5 });
    expect(result.warnings).toContain("expected 5 candidates, got 3");
  });

  it("does not warn when the count matches", () => {
    const result = parseCandidates(
      JSON.stringify(numbered(5).map((text) => ({ text, probability: 0.2 }))),
      { expected: 5 },
    );
    expect(result.warnings).toEqual([]);
  });

  it("keeps the model's order", () => {
    const raw = JSON.stringify([
      { text: "low", probability: 0.1 },
      { text: "high", probability: 0.8 },
      { text: "mid", probability: 0.1 },
    ]);
    expect(textsOf(parseCandidates(raw))).toEqual(["low", "high", "mid"]);
  });
});
