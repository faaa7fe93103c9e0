import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import type { ParseResult } from "../../../src/engine/types.js";
import { sumOf } from "./helpers.js";

const SAMPLES = [
  '<think>plan</think>```json\n{"reasoning": "r", "responses": [{"text": "It\'s a \\"joke\\"\nline two", "probability": "30%"}, {\'text\': \'b\', prob: NaN,}, {"response": ["x", "y"], "confidence": 70}]}\n```',
  "<response><text>a &amp; b</text><probability>0.2</probability></response><response><text>c</text>",
  "1. One (probability: 0.2)\n2. Two — 30%\n   more\n- bullet\n3. [p=0.5] Three",
];

function expectWellFormed(result: ParseResult, context: string): void {
  expect(Array.isArray(result.candidates), context).toBe(true);
  for (const candidate of result.candidates) {
    expect(candidate.text.trim(), context).toBe(candidate.text);
    expect(candidate.text, context).not.toBe("");
    expect(Number.isFinite(candidate.probability), context).toBe(true);
  }
  if (result.candidates.length > 0) {
    expect(sumOf(result.candidates.map((candidate) => candidate.probability)), context).toBeCloseTo(
      1,
      12,
    );
  }
}

function timeOf(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

describe("robustness", () => {
  it("never throws and always returns well-formed results for every prefix of damaged replies", () => {
    for (const sample of SAMPLES) {
      for (let cut = 0; cut <= sample.length; cut++) {
        const raw = sample.slice(0, cut);
        expectWellFormed(parseCandidates(raw, { finishReason: "length" }), JSON.stringify(raw));
      }
    }
  });

  it("never throws when any single character is removed", () => {
    for (const sample of SAMPLES) {
      for (let index = 0; index < sample.length; index++) {
        const raw = sample.slice(0, index) + sample.slice(index + 1);
        expectWellFormed(parseCandidates(raw, { allowPlainText: true }), JSON.stringify(raw));
      }
    }
  });

  it("returns an empty result for input that is not a string", () => {
    const result = parseCandidates(undefined as unknown as string);
    expect(result.candidates).toEqual([]);
  });

  it.each([
    ["deep brackets", "[".repeat(200_000)],
    ["stray brackets before a failure", `${"[{".repeat(50_000)}x`],
    ["many unclosed strings", '{"a": "'.repeat(30_000)],
    ["many tag openings", "<response>".repeat(30_000)],
    ["many reasoning openings", "<think>".repeat(30_000)],
    [
      "a long list",
      Array.from({ length: 20_000 }, (_unused, index) => `${index % 900}. item — 30%`).join("\n"),
    ],
    ["quotes with commas", `["${'a", b'.repeat(40_000)}`],
  ])("stays fast on pathological input: %s", (_name, raw) => {
    const elapsed = timeOf(() => expectWellFormed(parseCandidates(raw), "pathological"));
    expect(elapsed).toBeLessThan(2_000);
  });

  it("parses a typical five-candidate reply quickly", () => {
    const raw = JSON.stringify({
      responses: Array.from({ length: 5 }, (_unused, index) => ({
        text: `Why did joke number ${index} cross the road? To get to the punchline on the other side!`,
        probability: 0.1 + index * 0.05,
      })),
    });
    for (let warmup = 0; warmup < 200; warmup++) parseCandidates(raw);
    const runs = 2_000;
    const elapsed = timeOf(() => {
      for (let run = 0; run < runs; run++) parseCandidates(raw, { expected: 5 });
    });
    // Generous so a busy CI machine passes; the benchmark measures the real figure.
    expect(elapsed / runs).toBeLessThan(0.5);
  });
});
