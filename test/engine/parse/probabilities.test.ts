import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { probabilitiesOf, sumOf, verbalizedOf } from "./helpers.js";

/** A reply whose candidates "a", "b", ... state the given probabilities, written as JSON. */
function replyWith(...stated: unknown[]): string {
  const items = stated.map((value, index) => {
    const text = String.fromCharCode(97 + index);
    return value === undefined ? { text } : { text, probability: value };
  });
  return JSON.stringify({ responses: items });
}

function expectClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => {
    const wanted = expected[index];
    if (wanted === null || wanted === undefined || value === null) expect(value).toBe(wanted);
    else expect(value).toBeCloseTo(wanted, 12);
  });
}

describe("stated probabilities", () => {
  it.each([
    ["0.3", 0.3],
    [" 0.3 ", 0.3],
    ["30%", 0.3],
    ["30 %", 0.3],
    ["~0.2", 0.2],
    ["<0.1", 0.1],
    ["≈0.25", 0.25],
    ["about 0.4", 0.4],
    ["0.3 (likely)", 0.3],
    [".5", 0.5],
    ["1/4", 0.25],
  ])("reads the string %j as %d", (stated, value) => {
    const result = parseCandidates(replyWith(stated, 0.5));
    expectClose([verbalizedOf(result)[0] ?? null], [value]);
  });

  it("keeps percent strings on their own scale next to plain numbers", () => {
    expectClose(verbalizedOf(parseCandidates(replyWith("20%", 0.5))), [0.2, 0.5]);
  });

  it("reads plain numbers as percentages when any is above 1, and says so", () => {
    const result = parseCandidates(replyWith(30, 50, 0.5, "20"));
    expectClose(verbalizedOf(result), [0.3, 0.5, 0.005, 0.2]);
    expect(result.warnings).toContain(
      "probabilities looked like percentages (0-100); divided by 100",
    );
  });

  it("leaves numbers of at most 1 on the 0-1 scale", () => {
    const result = parseCandidates(replyWith(1, 0.5));
    expectClose(verbalizedOf(result), [1, 0.5]);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ["above 100", 150],
    ["negative", -0.2],
    ["a negative string", "-0.2"],
    ["above 100%", "120%"],
    ["NaN", "NaN"],
    ["a word", "high"],
    ["a boolean", true],
    ["an object", { value: 0.2 }],
  ])("treats a probability that is %s as missing", (_name, stated) => {
    const result = parseCandidates(replyWith(stated, 0.2, 0.4));
    expectClose(verbalizedOf(result), [null, 0.2, 0.4]);
    expect(result.warnings.some((warning) => warning.startsWith("ignored 1 probability"))).toBe(
      true,
    );
  });

  it("treats NaN and Infinity written in the JSON as missing", () => {
    const raw =
      '[{"text": "a", "probability": NaN}, {"text": "b", "probability": Infinity}, {"text": "c", "probability": -Infinity}, {"text": "d", "probability": 0.4}]';
    expectClose(verbalizedOf(parseCandidates(raw)), [null, null, null, 0.4]);
  });

  it("gives missing probabilities the mean of the stated ones", () => {
    const result = parseCandidates(replyWith(0.2, undefined, 0.4, null));
    expectClose(probabilitiesOf(result), [0.2 / 1.2, 0.3 / 1.2, 0.4 / 1.2, 0.3 / 1.2]);
    expectClose(verbalizedOf(result), [0.2, null, 0.4, null]);
    expect(result.warnings).toContain(
      "gave 2 candidates without a usable probability the mean of the others",
    );
  });

  it("uses uniform weights when no probability is usable", () => {
    const result = parseCandidates(replyWith(undefined, "n/a", undefined));
    expectClose(probabilitiesOf(result), [1 / 3, 1 / 3, 1 / 3]);
    expect(result.warnings).toContain("no usable probabilities; used uniform weights");
  });

  it("uses uniform weights when all probabilities are zero", () => {
    const result = parseCandidates(replyWith(0, "0%", 0));
    expectClose(probabilitiesOf(result), [1 / 3, 1 / 3, 1 / 3]);
    expectClose(verbalizedOf(result), [0, 0, 0]);
    expect(result.warnings).toContain("all probabilities were zero; used uniform weights");
  });

  it("normalizes stated weights that do not sum to 1", () => {
    const result = parseCandidates(replyWith(0.6, 0.9, 1.0, 0.3, 0.2));
    expectClose(probabilitiesOf(result), [0.2, 0.3, 1 / 3, 0.1, 0.2 / 3]);
    expect(sumOf(probabilitiesOf(result))).toBeCloseTo(1, 14);
  });

  it("sums to 1 for tiny and uneven weights", () => {
    const result = parseCandidates(replyWith(1e-12, 0.001, 0.049, 0.01, 3e-7));
    expect(sumOf(probabilitiesOf(result))).toBeCloseTo(1, 14);
  });
});
