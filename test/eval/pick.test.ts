import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { COMMANDS_DIRECTORY, loadCommands } from "../../src/command-kit/loader.js";
import { commandPrompts } from "../../src/eval/eval-prompts.js";
import { PROMPT_SETS } from "../../src/eval/prompt-sets.js";
import { runEval } from "../../src/eval/run-eval.js";
import type { EvalReport } from "../../src/eval/types.js";
import { fakeModel } from "./fake-model.js";
import { createEvalHarness, modelRun } from "./harness.js";

const SETTINGS = { k: 5, tau: 0.1, wording: "explicit" as const };
const PICK_COMMAND = ["pick.ts", "pick.js"].some((file) =>
  existsSync(path.join(COMMANDS_DIRECTORY, file)),
);
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

  it.skipIf(PICK_COMMAND)("asks picks in the /pick way until commands/pick.ts exists", async () => {
    const commands = await loadCommands();
    const [prompt] = commandPrompts("pick", PROMPT_SETS.pick.slice(0, 1), commands, SETTINGS);
    expect(prompt?.prompt).toBe(`Pick one of: ${DISHES.join(", ")}.`);
    expect(prompt?.options).toEqual(DISHES);
    expect(prompt?.spec("vs-standard")).toMatchObject({
      task: "pick",
      method: "vs-standard",
      k: 5,
    });
  });

  it.skipIf(!PICK_COMMAND)(
    `asks picks with the /pick command once it exists${PICK_COMMAND ? "" : " (skipped: commands/pick.ts not written yet)"}`,
    async () => {
      const commands = await loadCommands();
      const pick = commands.find((command) => command.name === "pick");
      expect(pick?.kind).toBe("sample");
      const [prompt] = commandPrompts("pick", PROMPT_SETS.pick.slice(0, 1), commands, SETTINGS);
      const spec = prompt?.spec("vs-standard");
      expect(spec?.instruction).not.toBe(`Pick one of: ${DISHES.join(", ")}.`);
      expect(spec?.instruction).toContain("pizza");

      harness = await createEvalHarness();
      harness.fake.respondWith(
        fakeModel({ listTexts: (index) => DISHES[index % 6] ?? "" }).handler,
      );
      const report = (await runEval(
        modelRun({
          task: "pick",
          methods: ["vs-standard"],
          n: 12,
          k: 6,
          prompts: 1,
          embeddings: false,
        }),
        harness.dependencies,
      )) as EvalReport;
      expect(report.results[0]?.answers).toBe(12);
      expect(report.results[0]?.klToUniform).toBeCloseTo(0, 10);
    },
  );
});
