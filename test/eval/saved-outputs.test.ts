import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import { measureLabel } from "../../src/eval/measure.js";
import { readSavedOutputs, savedOutputSources } from "../../src/eval/saved-outputs.js";

const folder = mkdtempSync(path.join(tmpdir(), "vsbot-saved-"));

function file(name: string, lines: readonly unknown[]): string {
  const target = path.join(folder, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(
    target,
    lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"),
  );
  return target;
}

function sourceOf(target: string) {
  const [source] = savedOutputSources([target]);
  if (!source) throw new Error(`no source for ${target}`);
  return source;
}

const line = (prompt: string, ...texts: string[]) => ({
  prompt,
  responses: texts.map((text) => ({ text, probability: 0.2 })),
});

describe("savedOutputSources", () => {
  it("takes LABEL=FILE, else the base name, and reads a method from either", () => {
    const plain = file("vs-cot.jsonl", [line("p", "a")]);
    const sources = savedOutputSources([`mine=${plain}`, plain, file("other.ndjson", [])]);
    expect(sources.map(({ label, method }) => [label, method])).toEqual([
      ["mine", "vs-cot"],
      ["vs-cot", "vs-cot"],
      ["other", null],
    ]);
    expect(savedOutputSources([`direct=${plain}`])[0]?.method).toBe("direct");
  });

  it("tells files that share a base name apart by their folder", () => {
    const first = file("gpt/direct.jsonl", []);
    const second = file("gemini/direct.jsonl", []);
    expect(savedOutputSources([first, second]).map((source) => source.label)).toEqual([
      "gpt/direct",
      "gemini/direct",
    ]);
  });

  it("treats an existing file whose name holds = as a file", () => {
    const odd = file("a=b.jsonl", []);
    expect(savedOutputSources([odd])[0]).toMatchObject({ label: "a=b", file: odd });
  });

  it("refuses two inputs with one label", () => {
    const one = file("one.jsonl", []);
    expect(() => savedOutputSources([`x=${one}`, `x=${one}`])).toThrow(VsbotError);
  });
});

describe("readSavedOutputs", () => {
  it("groups responses by prompt in first-seen order, keeping empty texts", async () => {
    const target = file("grouped.jsonl", [
      line("Tell me a joke about cats", "one", "two"),
      line("Tell me a joke about dogs", "three"),
      "",
      line("Tell me a joke about cats", ""),
    ]);
    const { samples, warnings } = await readSavedOutputs(sourceOf(target));
    expect(warnings).toEqual([]);
    expect(samples.prompts).toEqual([
      { prompt: "Tell me a joke about cats", texts: ["one", "two", ""] },
      { prompt: "Tell me a joke about dogs", texts: ["three"] },
    ]);
    expect(samples.lost).toBe(0);
    expect(samples.cost).toBeNull();
  });

  it("skips what it cannot read, naming the line, and counts it as lost", async () => {
    const target = file("damaged.jsonl", [
      line("p", "fine"),
      "{not json",
      { responses: [{ text: "no prompt" }] },
      { prompt: "p", responses: [{ text: "kept" }, { probability: 0.5 }, "a bare string"] },
      "[1, 2]",
    ]);
    const { samples, warnings } = await readSavedOutputs(sourceOf(target));
    expect(samples.prompts[0]?.texts).toEqual(["fine", "kept", "a bare string"]);
    expect(samples.lost).toBe(4);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/damaged\.jsonl:2: skipped, not valid JSON/);
    expect(warnings[1]).toMatch(/damaged\.jsonl:3: skipped, no "prompt"/);
    expect(warnings[2]).toMatch(/damaged\.jsonl:4: 1 response\(s\) without a "text"/);
    expect(warnings[3]).toMatch(/damaged\.jsonl:5: skipped, not a JSON object/);
  });

  it("says plainly when a file is missing", async () => {
    const missing = path.join(folder, "nowhere.jsonl");
    await expect(
      readSavedOutputs({ label: "x", file: missing, method: null }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: `Cannot read ${missing}: no such file.`,
    });
  });
});

describe("measureLabel", () => {
  it("averages ROUGE-L over prompts rather than pooling every pair", () => {
    const result = measureLabel({
      label: "mixed",
      method: null,
      lost: 1,
      cost: null,
      prompts: [
        { prompt: "a", texts: ["same words here", "same words here"] },
        { prompt: "b", texts: ["alpha", "beta", "gamma"] },
        { prompt: "c", texts: ["only one answer"] },
      ],
    });
    // Prompt a: 1; prompt b: 0; prompt c has no pair. Pooled pairs would give 1/4 instead.
    expect(result.rougeL).toBe(0.5);
    expect(result.answers).toBe(6);
    expect(result.prompts).toBe(3);
    expect(result.lost).toBe(1);
    expect(result.modelCalls).toBeNull();
    expect(result.klToUniform).toBeNull();
    // Words: same words here ×2, alpha beta gamma, only one answer → 9 distinct of 12.
    expect(result.distinct1).toBeCloseTo(9 / 12, 12);
  });

  it("measures picks against a uniform spread when the prompt lists its options", () => {
    const options = ["red", "green", "blue"];
    const fair = measureLabel({
      label: "fair",
      method: "vs-standard",
      lost: 0,
      cost: { modelCalls: 2, tokens: 60, latencyMs: 30 },
      prompts: [
        { prompt: "pick", options, texts: ["Red", "green.", "BLUE", "red", "Green", "blue!"] },
      ],
    });
    const collapsed = measureLabel({
      label: "collapsed",
      method: "direct",
      lost: 0,
      cost: null,
      prompts: [{ prompt: "pick", options, texts: ["Blue", "blue", "blue."] }],
    });
    expect(fair.klToUniform).toBeCloseTo(0, 12);
    expect(collapsed.klToUniform).toBeCloseTo(Math.log(3), 12);
    expect(fair.tokensPerAnswer).toBe(10);
    expect(fair.latencyMsPerAnswer).toBe(5);
    expect(fair.modelCalls).toBe(2);
  });
});
