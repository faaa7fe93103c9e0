import { describe, expect, it } from "vitest";
import { sortByProbability } from "../../../src/engine/parse/index.js";

describe("sortByProbability", () => {
  it("orders from most to least likely and keeps the order of ties", () => {
    const candidates = [
      { text: "a", probability: 0.1 },
      { text: "b", probability: 0.4 },
      { text: "c", probability: 0.1 },
      { text: "d", probability: 0.4 },
    ];
    expect(sortByProbability(candidates).map((candidate) => candidate.text)).toEqual([
      "b",
      "d",
      "a",
      "c",
    ]);
  });

  it("returns a new array and leaves its input alone", () => {
    const candidates = [
      { text: "a", probability: 0.1 },
      { text: "b", probability: 0.9 },
    ];
    const sorted = sortByProbability(candidates);
    expect(sorted).not.toBe(candidates);
    expect(candidates.map((candidate) => candidate.text)).toEqual(["a", "b"]);
  });
});
