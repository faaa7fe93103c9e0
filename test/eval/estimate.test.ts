import { describe, expect, it } from "vitest";
import { describeEstimate, estimateCost } from "../../src/eval/estimate.js";
import { plainPrompts } from "../../src/eval/eval-prompts.js";
import { callsFor } from "../../src/eval/generate.js";

const prompts = plainPrompts([{ text: "Tell me a joke about cars" }, { text: "Name a river." }], {
  k: 5,
  tau: 0.1,
  wording: "explicit",
});

describe("callsFor", () => {
  it("asks direct once per answer and the other methods once per k answers", () => {
    expect(callsFor("direct", 30, 5)).toBe(30);
    expect(callsFor("vs-standard", 30, 5)).toBe(6);
    expect(callsFor("vs-multi", 31, 5)).toBe(7);
    expect(callsFor("sequence", 3, 5)).toBe(1);
  });
});

describe("estimateCost", () => {
  it("counts the calls, embeddings requests and judge calls a run will make", () => {
    const estimate = estimateCost({
      prompts,
      methods: ["direct", "vs-standard", "vs-multi"],
      n: 30,
      embeddings: true,
      rubric: "Score it from 1 to 10.",
    });
    // VS-Multi: 2 answers in its first turn, then 5 a turn: 7 turns for 30.
    expect(estimate.modelCalls).toBe(2 * (30 + 6 + 7));
    expect(estimate.embeddingRequests).toBe(2 * 3);
    expect(estimate.judgeCalls).toBe(2 * 3 * 30);
    expect(estimate.promptTokens).toBeGreaterThan(0);
    expect(estimate.completionTokens).toBeGreaterThan(0);
    expect(describeEstimate(estimate)).toMatch(
      /^Estimate: 86 model calls, about \d+k? tokens .*; 6 embeddings requests .*; 180 judge calls/,
    );
  });

  it("counts VS-Multi's growing conversation as more prompt tokens than independent calls", () => {
    const input = { prompts, n: 30, embeddings: false, rubric: null };
    const multi = estimateCost({ ...input, methods: ["vs-multi"] });
    const standard = estimateCost({ ...input, methods: ["vs-standard"] });
    // One turn more per prompt: the first turn asks for 2 answers, not 5.
    expect(multi.modelCalls).toBe(standard.modelCalls + 2);
    expect(multi.promptTokens).toBeGreaterThan(standard.promptTokens);
    expect(multi.judgeCalls).toBe(0);
    expect(describeEstimate(multi)).not.toMatch(/judge|embeddings/);
  });
});
