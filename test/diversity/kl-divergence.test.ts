import { describe, expect, it } from "vitest";
import { klToUniform } from "../../src/diversity/kl-divergence.js";

describe("klToUniform", () => {
  it("is 0 for an even spread and ln m when one option takes every pick", () => {
    expect(klToUniform([5, 5, 5, 5], 4)).toBeCloseTo(0, 12);
    expect(klToUniform([20], 4)).toBeCloseTo(Math.log(4), 12);
    expect(klToUniform([0, 0, 9], 3)).toBeCloseTo(Math.log(3), 12);
  });

  it("matches hand-computed values", () => {
    // p = (3/4, 1/4) against (1/2, 1/2): 0.75·ln 1.5 + 0.25·ln 0.5.
    expect(klToUniform([3, 1], 2)).toBeCloseTo(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), 12);
    // Two of four options, evenly: ln 4 − ln 2 = ln 2.
    expect(klToUniform([2, 2], 4)).toBeCloseTo(Math.log(2), 12);
  });

  it("is null with no picks and refuses counts that cannot be", () => {
    expect(klToUniform([], 6)).toBeNull();
    expect(klToUniform([0, 0], 6)).toBeNull();
    expect(() => klToUniform([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => klToUniform([-1], 2)).toThrow(RangeError);
    expect(() => klToUniform([1], 0)).toThrow(RangeError);
  });
});
