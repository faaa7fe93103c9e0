import { describe, expect, it } from "vitest";
import type { TaskSpec } from "../../src/engine/task.js";
import { planCalls } from "../../src/eval/call-plan.js";
import { describeEstimate, estimateCost } from "../../src/eval/estimate.js";
import { plainPrompts } from "../../src/eval/eval-prompts.js";

const prompts = plainPrompts([{ text: "Tell me a joke about cars" }, { text: "Name a river." }], {
  k: 5,
  tau: 0.1,
  wording: "explicit",
});

const spec: TaskSpec = {
  task: "joke",
  instruction: "Tell me a joke about cars.",
  subject: "cars",
  method: "vs-standard",
  k: 5,
  tau: 0.1,
  wording: "explicit",
};
const pick: TaskSpec = { ...spec, task: "pick", draws: "independent", k: 10 };

describe("planCalls", () => {
  it("asks direct once per answer and sequence, VS-Standard and VS-CoT k at a time", () => {
    expect(planCalls({ ...spec, method: "direct" }, 30).calls).toBe(30);
    expect(planCalls(spec, 30).calls).toBe(6);
    expect(planCalls(spec, 31).calls).toBe(7);
    expect(planCalls({ ...spec, method: "vs-cot" }, 30).calls).toBe(6);
    expect(planCalls({ ...spec, method: "sequence" }, 3).calls).toBe(1);
  });

  it("counts VS-Multi's first turn of a few (2 of 5) and k alternatives in each later turn", () => {
    const multi = { ...spec, method: "vs-multi" } as const;
    expect(planCalls(multi, 30)).toEqual({ calls: 7, first: 2, later: 5 });
    expect(planCalls(multi, 10).calls).toBe(3);
    expect(planCalls(multi, 2).calls).toBe(1);
  });

  it("asks independent draws the first request again, for no more options than the set has", () => {
    // /pick's later VS-Multi calls repeat the first request: 4 of 10 each time.
    expect(planCalls({ ...pick, method: "vs-multi" }, 12)).toEqual({
      calls: 3,
      first: 4,
      later: 4,
    });
    // Six dishes: a reply names each at most once, however many responses it is asked for.
    expect(planCalls(pick, 30, 6)).toEqual({ calls: 5, first: 6, later: 6 });
    expect(planCalls(pick, 30, 50).calls).toBe(3);
    expect(planCalls({ ...pick, method: "direct" }, 30, 6).calls).toBe(30);
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

  it("counts each later VS-Multi turn at one size, as the engine replays only the turn before", () => {
    const input = { prompts, embeddings: false, rubric: null };
    const multi = (n: number) => estimateCost({ ...input, n, methods: ["vs-multi"] });
    const [short, middle, long] = [multi(30), multi(130), multi(300)];
    const perTurn = (from: typeof short, to: typeof short) =>
      (to.promptTokens - from.promptTokens) / (to.modelCalls - from.modelCalls);
    expect(perTurn(short, middle)).toBe(perTurn(middle, long));
    const standard = estimateCost({ ...input, n: 30, methods: ["vs-standard"] });
    // A later turn carries the replayed turn on top of the request.
    expect(perTurn(short, long)).toBeGreaterThan(standard.promptTokens / standard.modelCalls);
    expect(short.judgeCalls).toBe(0);
    expect(describeEstimate(short)).not.toMatch(/judge|embeddings/);
  });
});
