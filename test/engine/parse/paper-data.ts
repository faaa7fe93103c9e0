/** Reads the paper's real model outputs in place from ../shared/data/vs-paper; never copies them. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Response } from "./damage.js";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const paperDataDirectory = path.resolve(repoRoot, "../shared/data/vs-paper");
export const paperDataExists = existsSync(paperDataDirectory);
export const paperDataSkipReason = `skipped: ${path.relative(repoRoot, paperDataDirectory)} not found`;

export interface PaperLine {
  readonly prompt: string;
  readonly responses: readonly Response[];
}

/** The JSONL lines of one file, e.g. "gpt-4.1/vs-standard.jsonl". */
export function readPaperLines(file: string): PaperLine[] {
  return readFileSync(path.join(paperDataDirectory, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as PaperLine);
}
