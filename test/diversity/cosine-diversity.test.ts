import { describe, expect, it } from "vitest";
import { cosineSimilarity, semanticDiversity } from "../../src/diversity/cosine-diversity.js";

describe("semanticDiversity", () => {
  it("matches a three-vector case worked out by hand, negatives clipped to 0", () => {
    // cos(a,b) = 1/√2; cos(a,c) = −1/√2 → 0; cos(b,c) = −1/2 → 0.
    // Mean clipped similarity = (1/√2)/3; diversity = (1 − that) × 100 ≈ 76.43.
    const vectors = [
      [1, 0, 0],
      [1, 1, 0],
      [-1, 0, 1],
    ];
    expect(semanticDiversity(vectors)).toBeCloseTo((1 - Math.SQRT1_2 / 3) * 100, 10);
    expect(semanticDiversity(vectors)).toBeCloseTo(76.4298, 3);
  });

  it("ignores vector length: only directions count", () => {
    // cos((3,4,0),(4,3,0)) = 24/25; the third is orthogonal to both: (1 − 0.96/3) × 100 = 68.
    expect(
      semanticDiversity([
        [3, 4, 0],
        [4, 3, 0],
        [0, 0, 2],
      ]),
    ).toBeCloseTo(68, 10);
  });

  it("is 0 for identical directions, 100 for orthogonal ones, null with one vector", () => {
    expect(
      semanticDiversity([
        [1, 2],
        [2, 4],
      ]),
    ).toBeCloseTo(0, 12);
    expect(
      semanticDiversity([
        [1, 0],
        [0, 1],
        [0, -1],
      ]),
    ).toBeCloseTo(100, 12);
    expect(semanticDiversity([[1, 0]])).toBeNull();
  });
});

describe("cosineSimilarity", () => {
  it("is 0 against a zero vector and refuses vectors of different lengths", () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });
});
