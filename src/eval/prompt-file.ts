import { readFile } from "node:fs/promises";
import { VsbotError } from "../engine/errors.js";
import type { PromptSeed } from "./prompt-sets.js";

function invalid(message: string): VsbotError {
  return new VsbotError("invalid_input", message, { userMessage: message });
}

function seedFromJson(value: unknown, where: string): PromptSeed {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${where}: a JSON line must be an object with a "prompt"`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.prompt !== "string" || record.prompt.trim() === "") {
    throw invalid(`${where}: a JSON line needs a non-empty "prompt" text`);
  }
  const options = record.options;
  if (
    options !== undefined &&
    !(Array.isArray(options) && options.every((option) => typeof option === "string"))
  ) {
    throw invalid(`${where}: "options" must be a list of texts`);
  }
  return { text: record.prompt.trim(), ...(options ? { options: options as string[] } : {}) };
}

/**
 * A prompt file for `vsbot eval --task FILE`: one prompt per line, or one JSON object per line
 * (`{"prompt": "...", "options": [...]}`, the options enabling KL to uniform; saved-output
 * lines work too). Blank lines and lines starting with # are skipped. A bad line stops the
 * run before any model call, naming the line.
 */
export async function readPromptFile(file: string): Promise<PromptSeed[]> {
  let content: string;
  try {
    content = await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new VsbotError("invalid_input", `cannot read prompt file ${file}: ${reason}`, {
      cause: error,
      userMessage: `Cannot read the prompt file ${file}: ${reason}.`,
    });
  }
  const seeds: PromptSeed[] = [];
  const seen = new Set<string>();
  content
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((line, index) => {
      const text = line.trim();
      if (text === "" || text.startsWith("#")) return;
      const where = `${file}:${index + 1}`;
      let seed: PromptSeed = { text };
      if (text.startsWith("{")) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw invalid(`${where}: not valid JSON (${(error as Error).message})`);
        }
        seed = seedFromJson(value, where);
      }
      // A repeated prompt would merge with its twin in the results; ask it once.
      if (seen.has(seed.text)) return;
      seen.add(seed.text);
      seeds.push(seed);
    });
  if (seeds.length === 0) throw invalid(`${file} holds no prompt`);
  return seeds;
}
