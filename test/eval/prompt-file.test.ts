import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainPrompts } from "../../src/eval/eval-prompts.js";
import { readPromptFile } from "../../src/eval/prompt-file.js";

const folder = mkdtempSync(path.join(tmpdir(), "vsbot-prompts-"));

function promptFile(content: string): string {
  const file = path.join(folder, `prompts-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, content);
  return file;
}

describe("readPromptFile", () => {
  it("reads one prompt per line or per JSON object, skipping blanks, comments and repeats", async () => {
    const file = promptFile(
      [
        "\uFEFF# my prompts",
        "Tell me a joke about cars",
        "",
        '{"prompt": "Pick a suit", "options": ["hearts", "spades"]}',
        '{"prompt": "Tell me a joke about cars", "responses": []}',
        "  Write a haiku about rain  ",
      ].join("\r\n"),
    );
    expect(await readPromptFile(file)).toEqual([
      { text: "Tell me a joke about cars" },
      { text: "Pick a suit", options: ["hearts", "spades"] },
      { text: "Write a haiku about rain" },
    ]);
  });

  it.each([
    ["{broken", /:1: not valid JSON/],
    ['{"prompt": ""}', /:1: a JSON line needs a non-empty "prompt"/],
    ['{"prompt": "p", "options": [1, 2]}', /:1: "options" must be a list of texts/],
    ["# only a comment\n\n", /holds no prompt/],
  ])("stops before any call on %j, naming the line", async (content, message) => {
    await expect(readPromptFile(promptFile(content))).rejects.toThrow(message);
  });

  it("sends each prompt as the whole request, with the run's settings", async () => {
    const [prompt] = plainPrompts([{ text: "Name a river." }], {
      k: 4,
      tau: 0.05,
      wording: "implicit",
    });
    expect(prompt?.prompt).toBe("Name a river.");
    expect(prompt?.spec("vs-cot")).toEqual({
      task: "prompt",
      instruction: "Name a river.",
      subject: "Name a river.",
      k: 4,
      tau: 0.05,
      wording: "implicit",
      method: "vs-cot",
    });
  });
});
