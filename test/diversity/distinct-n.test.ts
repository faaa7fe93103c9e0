import { describe, expect, it } from "vitest";
import { distinctN } from "../../src/diversity/distinct-n.js";

describe("distinctN", () => {
  it("divides distinct n-grams by all n-grams over every text", () => {
    const texts = ["The cat sat.", "the CAT ran!"];
    // Words: the cat sat the cat ran → 4 distinct of 6. Pairs: the-cat, cat-sat, the-cat, cat-ran → 3 of 4.
    expect(distinctN(texts, 1)).toBeCloseTo(4 / 6, 12);
    expect(distinctN(texts, 2)).toBeCloseTo(3 / 4, 12);
  });

  it("never forms an n-gram across two texts", () => {
    // Joined, "a b b c" would add the pair b-b.
    expect(distinctN(["a b", "b c"], 2)).toBe(1);
    expect(distinctN(["a b", "a b"], 2)).toBe(0.5);
  });

  it("is null when there is no n-gram to count", () => {
    expect(distinctN([], 1)).toBeNull();
    expect(distinctN(["", "!!!"], 1)).toBeNull();
    expect(distinctN(["one", "two"], 2)).toBeNull();
  });

  it("refuses an n below 1", () => {
    expect(() => distinctN(["a"], 0)).toThrow(RangeError);
  });
});
