import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCommands } from "../../src/command-kit/loader.js";
import { commandPrompts, commandSettings, sampleCommand } from "../../src/eval/eval-prompts.js";
import { PROMPT_SETS } from "../../src/eval/prompt-sets.js";
import { runEval } from "../../src/eval/run-eval.js";
import type { EvalReport } from "../../src/eval/types.js";
import { fakeModel } from "./fake-model.js";
import { createEvalHarness, modelRun } from "./harness.js";

const SETTINGS = { k: 5, tau: 0.1, wording: "explicit" as const };
const DISHES = PROMPT_SETS.pick[0]?.options ?? [];

let harness: Awaited<ReturnType<typeof createEvalHarness>> | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("eval of picks", () => {
  it("measures KL to uniform: 0 for an even spread, ln 3 for one colour every time", async () => {
    const colours = ["red", "green", "blue"];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vsbot-pick-")), "colours.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ prompt: "Pick a colour: red, green or blue.", options: colours })}\n`,
    );
    harness = await createEvalHarness();
    harness.fake.respondWith(
      fakeModel({
        listTexts: (index) => colours[index % 3] ?? "",
        directText: () => "Blue.",
      }).handler,
    );
    const report = (await runEval(
      modelRun({
        task: file,
        methods: ["direct", "vs-standard"],
        n: 6,
        k: 3,
        prompts: undefined,
        embeddings: false,
      }),
      harness.dependencies,
    )) as EvalReport;

    const [direct, standard] = report.results;
    expect(direct?.klToUniform).toBeCloseTo(Math.log(3), 10);
    expect(standard?.klToUniform).toBeCloseTo(0, 10);
  });

  it("asks a pick over fewer options than k as often as the options need, losing no pick", async () => {
    const colours = ["red", "green", "blue"];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "vsbot-pick-")), "colours.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ prompt: "Pick a colour: red, green or blue.", options: colours })}\n`,
    );
    harness = await createEvalHarness();
    // Asked for 5, the model can name only the 3 colours; the parser folds the repeats.
    const model = fakeModel({ listTexts: (index) => colours[index % 3] ?? "" });
    harness.fake.respondWith(model.handler);
    const report = (await runEval(
      modelRun({
        task: file,
        methods: ["vs-standard"],
        n: 9,
        k: 5,
        prompts: undefined,
        embeddings: false,
      }),
      harness.dependencies,
    )) as EvalReport;
    expect(model.misread).toEqual([]);
    // ceil(9/5) = 2 calls would bring 6 picks; 3 colours a call take 3 calls.
    expect(report.results[0]).toMatchObject({ answers: 9, lost: 0, modelCalls: 3 });
    expect(report.results[0]?.klToUniform).toBeCloseTo(0, 10);
  });

  it("asks picks with /pick's own task and defaults: independent draws, 10 a call", async () => {
    const commands = await loadCommands();
    const pick = sampleCommand("pick", commands);
    const seed = PROMPT_SETS.pick[0];
    const settings = commandSettings(pick, { configured: SETTINGS, k: undefined });
    expect(settings.k).toBe(10);
    const [prompt] = commandPrompts(pick, PROMPT_SETS.pick.slice(0, 1), settings);
    expect(prompt?.options).toEqual(DISHES);
    expect(prompt?.spec("vs-cot")).toEqual(
      pick.task({ from: seed?.text }, { ...SETTINGS, k: 10, method: "vs-cot" }),
    );
    expect(prompt?.spec("vs-cot")).toMatchObject({ draws: "independent", method: "vs-cot" });
    expect(prompt?.prompt).toBe(prompt?.spec("direct").instruction);
    expect(prompt?.prompt).toContain(DISHES.join(", "));
    expect(commandSettings(pick, { configured: SETTINGS, k: 6 }).k).toBe(6);
  });

  it("measures /pick on the model: every pick counted, KL to uniform over the dishes", async () => {
    harness = await createEvalHarness();
    const model = fakeModel({
      listTexts: (index) => DISHES[index % DISHES.length] ?? "",
      directText: () => "Sushi.",
    });
    harness.fake.respondWith(model.handler);
    const report = (await runEval(
      modelRun({
        task: "pick",
        methods: ["direct", "vs-standard", "vs-multi"],
        n: 18,
        k: undefined,
        prompts: 1,
        embeddings: false,
        concurrency: 1,
      }),
      harness.dependencies,
    )) as EvalReport;
    expect(model.misread).toEqual([]);
    expect(report.settings.k).toBe(10);
    const [direct, standard, multi] = report.results;
    expect(direct).toMatchObject({ answers: 18, lost: 0, modelCalls: 18 });
    expect(direct?.klToUniform).toBeCloseTo(Math.log(6), 10);
    // Asked for 10, a reply names each of the 6 dishes once: 3 calls for 18 picks, not 2.
    expect(standard).toMatchObject({ answers: 18, lost: 0, modelCalls: 3 });
    expect(standard?.klToUniform).toBeCloseTo(0, 10);
    // VS-Multi's calls for more picks are the first request again (4 of 10): 5 calls.
    expect(multi).toMatchObject({ answers: 18, lost: 0, modelCalls: 5 });
    const multiRequests = harness.fake.requests.slice(-5);
    for (const request of multiRequests) {
      const messages = request.body.messages as { role: string; content: string }[];
      expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
      expect(messages[0]?.content).toMatch(/First, sample 4 at random/);
    }
  });
});
