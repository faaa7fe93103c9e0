import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/command-kit/loader.js";
import type { VsbotError } from "../../src/engine/errors.js";
import { estimateCost } from "../../src/eval/estimate.js";
import { commandPrompts, commandSettings, sampleCommand } from "../../src/eval/eval-prompts.js";
import { PROMPT_SETS } from "../../src/eval/prompt-sets.js";
import { runEval } from "../../src/eval/run-eval.js";
import type { EvalReport, EvalResult } from "../../src/eval/types.js";
import { fakeModel } from "./fake-model.js";
import { createEvalHarness, modelRun, savedRun } from "./harness.js";

let harness: Awaited<ReturnType<typeof createEvalHarness>> | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function run(request = modelRun(), options: Parameters<typeof fakeModel>[0] = {}) {
  harness = await createEvalHarness();
  const model = fakeModel(options);
  harness.fake.respondWith(model.handler);
  const report = (await runEval(request, harness.dependencies)) as EvalReport;
  return { report, model, harness };
}

function byLabel(report: EvalReport, label: string): EvalResult {
  const result = report.results.find((candidate) => candidate.label === label);
  if (!result) throw new Error(`no result for ${label}`);
  return result;
}

describe("runEval on the configured model", () => {
  it("runs all five methods, n answers per prompt each, with the calls each method needs", async () => {
    const { report, harness, model } = await run(modelRun({ n: 10, prompts: 2, k: 5 }));

    expect(model.misread).toEqual([]);
    expect(report.results.map((result) => result.label)).toEqual([
      "direct",
      "sequence",
      "vs-standard",
      "vs-cot",
      "vs-multi",
    ]);
    // Per prompt: direct asks once per answer; sequence, VS-Standard and VS-CoT ceil(10/5) = 2
    // times; VS-Multi 3 turns (2 answers, then 5 alternatives twice).
    const calls = { direct: 20, sequence: 4, "vs-standard": 4, "vs-cot": 4, "vs-multi": 6 };
    for (const result of report.results) {
      expect(result.answers).toBe(20);
      expect(result.prompts).toBe(2);
      expect(result.lost).toBe(0);
      expect(result.modelCalls).toBe(calls[result.method ?? "direct"]);
      expect(model.answered[result.method ?? "direct"]).toBe(result.modelCalls);
      expect(result.tokensPerAnswer).toBeGreaterThan(0);
      expect(result.latencyMsPerAnswer).toBeGreaterThanOrEqual(0);
      expect(result.semanticDiversity).not.toBeNull();
      expect(result.quality).toBeNull();
    }
    expect(harness.fake.requests).toHaveLength(38);
    const direct = byLabel(report, "direct");
    const standard = byLabel(report, "vs-standard");
    expect(standard.rougeL).toBeLessThan(direct.rougeL ?? 0);
    expect(standard.distinct2).toBeGreaterThan(direct.distinct2 ?? 1);
    expect(standard.semanticDiversity).toBeGreaterThan(direct.semanticDiversity ?? 100);
    expect(report.settings).toMatchObject({ source: "model", task: "joke", n: 10, k: 5 });
    expect(report.settings.baseline).toBe("direct");
    expect(report.settings.embeddingModel).toBe("text-embedding-3-small");
    expect(harness.phases.map((phase) => [phase.name, phase.total, phase.advanced])).toEqual([
      ["generating", 38, 38],
      ["embedding", 10, 10],
    ]);
    expect(harness.notices.some((line) => /^Estimate: 38 model calls/.test(line))).toBe(true);
  });

  it("asks with the bot's own commands: the joke prompt is /joke's", async () => {
    const { harness } = await run(modelRun({ methods: ["vs-standard"], n: 5, prompts: 1 }));
    const messages = harness.fake.requests[0]?.body.messages as { content: string }[];
    expect(messages[0]?.content).toContain("comedy writer");
    expect(messages[1]?.content).toBe('Tell me a joke about "coffee".');
  });

  it("takes a command's own k, as the bot does, unless --k says otherwise", async () => {
    const asked = async (k: number | undefined) => {
      const { report, harness: used } = await run(
        modelRun({ task: "ask", methods: ["vs-standard"], n: 10, prompts: 1, k }),
      );
      await used.close();
      harness = undefined;
      const messages = (used.fake.requests[0]?.body.messages ?? []) as { content: string }[];
      return { report, system: messages[0]?.content ?? "" };
    };
    // /ask asks for 10 candidates (commands/ask.ts); the configuration says 5.
    const byDefault = await asked(undefined);
    expect(byDefault.report.settings.k).toBe(10);
    expect(byDefault.report.results[0]).toMatchObject({ answers: 10, modelCalls: 1, lost: 0 });
    expect(byDefault.system).toMatch(/Generate 10 responses/);
    const given = await asked(5);
    expect(given.report.settings.k).toBe(5);
    expect(given.report.results[0]).toMatchObject({ answers: 10, modelCalls: 2, lost: 0 });
    expect(given.system).toMatch(/Generate 5 responses/);
  });

  it("continues VS-Multi as one conversation: a few answers, then alternatives replaying the turn before", async () => {
    const { report, harness, model } = await run(
      modelRun({ methods: ["vs-multi"], n: 15, prompts: 1, k: 5 }),
      { listTexts: (index) => `Answer ${index}: a lantern, a harbour and a kettle.` },
    );
    expect(model.misread).toEqual([]);
    expect(report.results[0]).toMatchObject({ answers: 15, lost: 0, modelCalls: 4 });
    const turns = harness.fake.requests.map(
      (request) => request.body.messages as { role: string; content: string }[],
    );
    // 2 answers first (1-2), then 5 a turn (3-7, 8-12, 13-17), in one conversation.
    expect(turns).toHaveLength(4);
    const [first, ...later] = turns;
    expect(first?.map((message) => message.role)).toEqual(["system", "user"]);
    expect(first?.[0]?.content).toMatch(/First, sample 2 at random from the full distribution/);
    const lastOfTurn = [2, 7, 12];
    later.forEach((messages, index) => {
      expect(messages.map((message) => message.role)).toEqual([
        "system",
        "user",
        "assistant",
        "user",
      ]);
      expect(messages.slice(0, 2)).toEqual(first);
      const replayed = (
        JSON.parse(messages[2]?.content ?? "{}") as { responses: { text: string }[] }
      ).responses.map((response) => Number(/^Answer (\d+)/.exec(response.text)?.[1]));
      const last = lastOfTurn[index] ?? 0;
      expect(replayed.at(-1)).toBe(last);
      for (const answer of replayed) expect(answer).toBeGreaterThan(last - (index === 0 ? 2 : 5));
      // The paper's VS-Multi asks each turn for alternatives from the full distribution.
      expect(messages[3]?.content).toMatch(
        /^Sample 5 alternative responses at random from the full distribution/,
      );
      expect(messages[3]?.content).not.toMatch(/below/);
    });
    // From the third turn, answers no longer replayed are named by their themes.
    expect(later[1]?.[3]?.content).toMatch(/avoid the themes of earlier turns/);
  });

  it("counts every answer a failed call cost, and still reports the rest", async () => {
    const n = 10;
    const k = 5;
    const { report, model } = await run(modelRun({ n, k, prompts: 2, retries: 0 }), {
      failEvery: 5,
    });

    expect(model.misread).toEqual([]);
    const failed = Object.values(model.failures).reduce((sum, count) => sum + count, 0);
    expect(failed).toBe(Math.floor(38 / 5));
    // Lost is exactly what the server never sent, method by method (a failed VS-Multi turn
    // may cost fewer than k answers: the conversation asks for more than n and keeps n).
    for (const result of report.results) {
      expect(result.lost).toBe(model.shortfall(result.method ?? "direct", n));
      expect(result.answers + result.lost).toBe(2 * n);
    }
    expect(report.results.reduce((sum, result) => sum + result.lost, 0)).toBeGreaterThan(k);
    expect(report.warnings.some((warning) => /answers lost/.test(warning))).toBe(true);
  });

  it("retries a failed call, so a flaky server loses nothing", async () => {
    const { report, harness } = await run(
      modelRun({ n: 10, prompts: 1, concurrency: 1, retries: 1 }),
      { failEvery: 5 },
    );
    expect(report.results.every((result) => result.lost === 0)).toBe(true);
    const calls = report.results.reduce((sum, result) => sum + (result.modelCalls ?? 0), 0);
    expect(calls).toBe(harness.fake.requests.length);
    expect(calls).toBeGreaterThan(18);
  });

  it("stops at once when the server rejects the key", async () => {
    harness = await createEvalHarness();
    harness.fake.respondWith(() => ({ status: 401 }));
    const error = await runEval(modelRun(), harness.dependencies).then(
      () => null,
      (thrown: VsbotError) => thrown,
    );
    expect(error?.code).toBe("model_auth");
    expect(harness.fake.requests.length).toBeLessThanOrEqual(4);
  });

  it("keeps the answers when embeddings fail, saying semantic diversity was not measured", async () => {
    harness = await createEvalHarness();
    harness.fake.respondWith(fakeModel().handler);
    harness.fake.failEmbeddingsWith(() => ({ status: 500 }));
    const report = (await runEval(
      modelRun({ methods: ["direct", "vs-standard"] }),
      harness.dependencies,
    )) as EvalReport;
    expect(report.results.map((result) => result.answers)).toEqual([20, 20]);
    expect(report.results.every((result) => result.semanticDiversity === null)).toBe(true);
    expect(report.results.every((result) => result.rougeL !== null)).toBe(true);
    expect(report.warnings.join("\n")).toMatch(/semantic diversity/);
  });

  it("scores quality with the model as judge, against the rubric file", async () => {
    const { report, harness } = await run(
      modelRun({
        methods: ["direct", "vs-standard"],
        n: 5,
        prompts: 1,
        judge: true,
        embeddings: false,
      }),
      { judgeScore: 8 },
    );
    expect(report.results.map((result) => result.quality)).toEqual([80, 80]);
    expect(report.settings.judge).toBe(true);
    expect(report.settings.rubric).toMatch(/judge-rubric\.md$/);
    const judged = harness.fake.requests.filter(
      (request) =>
        (request.body.response_format as { json_schema?: { name?: string } })?.json_schema?.name ===
        "quality_score",
    );
    expect(judged).toHaveLength(10);
    const messages = (judged[0]?.body.messages ?? []) as { content: string }[];
    const system = messages[0]?.content ?? "";
    expect(system).toMatch(/Score the response from 1 to 10/);
    expect(judged[0]?.body.temperature).toBe(0);
  });

  it("marks the baseline asked for, and refuses one that is no label before any call", async () => {
    const { report } = await run(
      modelRun({ methods: ["direct", "vs-cot"], n: 5, prompts: 1, baseline: "vs-cot" }),
    );
    expect(report.settings.baseline).toBe("vs-cot");
    await harness?.close();
    harness = await createEvalHarness();
    await expect(runEval(modelRun({ baseline: "best" }), harness.dependencies)).rejects.toThrow(
      /--baseline best is not one of the labels: direct, sequence/,
    );
    expect(harness.fake.requests).toHaveLength(0);
  });

  it("refuses embeddings or a judge on saved outputs when only the offline demo model is there", async () => {
    harness = await createEvalHarness();
    const demo = { ...harness.access, demo: true, embedder: null };
    const dependencies = { ...harness.dependencies, connect: async () => demo };
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vsbot-saved-")), "x.jsonl");
    writeFileSync(file, JSON.stringify({ prompt: "p", responses: [{ text: "a" }, { text: "b" }] }));
    await expect(runEval(savedRun([file], { judge: true }), dependencies)).rejects.toThrow(
      /--judge needs a model server/,
    );
    await expect(runEval(savedRun([file], { embeddings: true }), dependencies)).rejects.toThrow(
      /--embeddings needs a model server: set OPENAI_BASE_URL/,
    );
  });

  it("embeds saved outputs when asked, and connects to no model otherwise", async () => {
    harness = await createEvalHarness();
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vsbot-saved-")), "direct.jsonl");
    const same = { text: "Why did the coffee file a police report? It got mugged." };
    writeFileSync(
      file,
      [0, 1, 2].map(() => JSON.stringify({ prompt: "coffee", responses: [same] })).join("\n"),
    );

    const plain = (await runEval(savedRun([file]), harness.dependencies)) as EvalReport;
    expect(harness.connections()).toBe(0);
    expect(plain.results[0]?.semanticDiversity).toBeNull();

    const embedded = (await runEval(
      savedRun([file], { embeddings: true }),
      harness.dependencies,
    )) as EvalReport;
    expect(harness.connections()).toBe(1);
    expect(embedded.results[0]?.semanticDiversity).toBeCloseTo(0, 6);
    expect(embedded.settings).toMatchObject({
      source: "saved-outputs",
      embeddingModel: "text-embedding-3-small",
      baseline: "direct",
    });
    expect(harness.fake.embeddingRequests).toHaveLength(1);
    expect(harness.fake.requests).toHaveLength(0);
  });

  it("measures the offline demo model when no model is configured, saying so", async () => {
    harness = await createEvalHarness();
    const { createDemoModel } = await import("../../src/model/demo-model.js");
    const { createSeededRandom } = await import("../../src/engine/random.js");
    const demo = {
      ...harness.access,
      model: createDemoModel({ random: createSeededRandom(3) }),
      demo: true,
      embedder: null,
    };
    const report = (await runEval(modelRun({ methods: ["direct", "vs-standard"], judge: true }), {
      ...harness.dependencies,
      connect: async () => demo,
    })) as EvalReport;
    expect(report.results.map((result) => result.answers)).toEqual([20, 20]);
    expect(
      report.results.every(
        (result) => result.semanticDiversity === null && result.quality === null,
      ),
    ).toBe(true);
    expect(harness.notices[0]).toMatch(/offline demo model/);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/offline demo model has no embeddings/),
        expect.stringMatching(/cannot judge/),
      ]),
    );
    expect(harness.fake.requests).toHaveLength(0);
  });

  it("estimates within a tenth the tokens the server reports, when answers have the assumed length", async () => {
    // A joke is taken to be about 40 tokens (160 characters).
    const answer = (index: number) =>
      `Joke ${index}: ${"the lantern keeper laughed at the harbour ".repeat(4)}`.slice(0, 160);
    const request = modelRun({ n: 30, prompts: 1, embeddings: false });
    const { report, harness } = await run(request, { listTexts: answer, directText: answer });
    const commands = await loadCommands();
    const joke = sampleCommand("joke", commands);
    const prompts = commandPrompts(
      joke,
      PROMPT_SETS.joke.slice(0, 1),
      commandSettings(joke, { configured: { k: 5, tau: 0.1, wording: "explicit" }, k: 5 }),
    );
    for (const result of report.results) {
      const method = result.method ?? "direct";
      const estimate = estimateCost({
        prompts,
        methods: [method],
        n: 30,
        embeddings: false,
        rubric: null,
      });
      expect(estimate.modelCalls).toBe(result.modelCalls);
      const reported = (result.tokensPerAnswer ?? 0) * result.answers;
      const estimated = estimate.promptTokens + estimate.completionTokens;
      expect(Math.abs(estimated - reported) / reported, method).toBeLessThan(0.1);
    }
    expect(harness.fake.requests).toHaveLength(30 + 6 * 3 + 7);
  });

  it("only estimates on a dry run", async () => {
    harness = await createEvalHarness();
    const report = await runEval(modelRun({ dryRun: true, judge: true }), harness.dependencies);
    expect(report).toBeNull();
    expect(harness.fake.requests).toHaveLength(0);
    expect(harness.notices.join("\n")).toMatch(
      /Estimate: 38 model calls.*embeddings requests.*100 judge calls/s,
    );
  });

  it("refuses more prompts than the built-in set has", async () => {
    harness = await createEvalHarness();
    await expect(runEval(modelRun({ prompts: 99 }), harness.dependencies)).rejects.toThrow(
      /built-in joke set/,
    );
  });
});
