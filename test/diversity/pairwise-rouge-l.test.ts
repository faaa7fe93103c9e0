import { describe, expect, it } from "vitest";
import { meanPairwiseRougeL } from "../../src/diversity/pairwise-rouge-l.js";

describe("meanPairwiseRougeL", () => {
  it("averages ROUGE-L over every pair once", () => {
    // Pairs: (a,b) = 2·2/(3+3), (a,c) = 0, (b,c) = 2·1/(3+2); worked out by hand.
    const texts = ["the cat sat", "the cat ran", "dogs ran"];
    const expected = ((2 * 2) / 6 + 0 + (2 * 1) / 5) / 3;
    expect(meanPairwiseRougeL(texts)).toBeCloseTo(expected, 12);
  });

  it("is 1 for copies, 0 for texts sharing no word, and null without a pair", () => {
    expect(meanPairwiseRougeL(["Same joke!", "same joke", "SAME, joke."])).toBe(1);
    expect(meanPairwiseRougeL(["alpha beta", "gamma delta", "epsilon"])).toBe(0);
    expect(meanPairwiseRougeL(["alone"])).toBeNull();
    expect(meanPairwiseRougeL([])).toBeNull();
  });
});
