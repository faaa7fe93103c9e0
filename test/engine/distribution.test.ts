import { describe, expect, it } from "vitest";
import {
  sampleIndex,
  sampleWithoutReplacement,
  samplingWeights,
  tailOrder,
} from "../../src/engine/distribution.js";
import { createSeededRandom } from "../../src/engine/random.js";

describe("samplingWeights", () => {
  it("keeps verbalized weights as stated, normalized", () => {
    const weights = samplingWeights([0.2, 0.6], { mode: "verbalized", temperature: 1 });
    expect(weights[0]).toBeCloseTo(0.25, 12);
    expect(weights[1]).toBeCloseTo(0.75, 12);
  });

  it("ignores the numbers in uniform mode", () => {
    expect(samplingWeights([0.9, 0.1, 0], { mode: "uniform", temperature: 1 })).toEqual([
      1 / 3,
      1 / 3,
      1 / 3,
    ]);
  });

  it("sharpens below temperature 1 and flattens above it", () => {
    const sharp = samplingWeights([0.6, 0.4], { mode: "temperature", temperature: 0.5 });
    const flat = samplingWeights([0.6, 0.4], { mode: "temperature", temperature: 4 });
    expect(sharp[0]).toBeCloseTo(0.36 / 0.52, 10);
    expect(flat[0]).toBeGreaterThan(0.5);
    expect(flat[0]).toBeLessThan(0.6);
  });

  it("falls back to uniform when every weight is zero or invalid", () => {
    expect(samplingWeights([0, Number.NaN, -1], { mode: "verbalized", temperature: 1 })).toEqual([
      1 / 3,
      1 / 3,
      1 / 3,
    ]);
  });
});

describe("sampling", () => {
  it("draws indices in proportion to their weights", () => {
    const random = createSeededRandom(1);
    const counts = [0, 0, 0];
    for (let draw = 0; draw < 30_000; draw++) {
      const index = sampleIndex([0.5, 0.3, 0.2], random);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / 30_000).toBeCloseTo(0.5, 1);
    expect((counts[1] ?? 0) / 30_000).toBeCloseTo(0.3, 1);
    expect((counts[2] ?? 0) / 30_000).toBeCloseTo(0.2, 1);
  });

  it("never draws a zero-weight candidate while others have weight", () => {
    const random = createSeededRandom(2);
    for (let draw = 0; draw < 5000; draw++) expect(sampleIndex([0, 1, 0], random)).toBe(1);
  });

  it("draws distinct indices without replacement, up to the number of candidates", () => {
    const random = createSeededRandom(3);
    const drawn = sampleWithoutReplacement([0.7, 0.1, 0.1, 0.1], 10, random);
    expect([...drawn].sort()).toEqual([0, 1, 2, 3]);
  });

  it("gives the same draws for the same seed", () => {
    const weights = [0.1, 0.2, 0.3, 0.4];
    const first = sampleWithoutReplacement(weights, 3, createSeededRandom(42));
    const second = sampleWithoutReplacement(weights, 3, createSeededRandom(42));
    expect(first).toEqual(second);
  });
});

describe("tailOrder", () => {
  it("orders the unshown candidates from least to most probable, ties in model order", () => {
    expect(tailOrder([0.3, 0.1, 0.3, 0.05, 0.25], new Set([4]))).toEqual([3, 1, 0, 2]);
  });
});
