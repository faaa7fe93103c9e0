import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { measureLabel } from "../../src/eval/measure.js";
import { readSavedOutputs, savedOutputSources } from "../../src/eval/saved-outputs.js";
import type { EvalResult } from "../../src/eval/types.js";
import {
  paperDataDirectory,
  paperDataExists,
  paperDataSkipReason,
} from "../engine/parse/paper-data.js";
import { isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";

if (!paperDataExists) console.warn(`paper output evaluation tests ${paperDataSkipReason}`);

const METHODS = ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"];

/** Our figures on the paper's files, as the README quotes them (3 decimals). */
const QUOTED: Readonly<
  Record<string, readonly [answers: number, rougeL: number, distinct1: number, distinct2: number]>
> = {
  direct: [240, 0.588, 0.088, 0.168],
  sequence: [240, 0.213, 0.206, 0.488],
  "vs-standard": [240, 0.188, 0.208, 0.479],
  "vs-cot": [240, 0.185, 0.208, 0.491],
  "vs-multi": [235, 0.225, 0.199, 0.452],
};

function vsbot(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VSBOT_BIN, ...args], { env: isolatedEnv({}) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!paperDataExists)(
  `vsbot eval on the paper's released GPT-4.1 joke outputs${paperDataExists ? "" : ` (${paperDataSkipReason})`}`,
  () => {
    it("prints per-label ROUGE-L, distinct-n and answer counts, VS-Standard more diverse than direct", async () => {
      const files = METHODS.map((method) =>
        path.join(paperDataDirectory, "gpt-4.1", `${method}.jsonl`),
      );
      const out = mkdtempSync(path.join(tmpdir(), "vsbot-eval-paper-"));
      const run = await vsbot(["eval", "--from-jsonl", ...files, "--out", out]);
      expect(run.code).toBe(0);

      const [header, ...rows] = run.stdout.trim().split("\n");
      expect(header).toMatch(
        /^label\s+method\s+prompts\s+answers\s+lost\s+ROUGE-L ↓\s+distinct-1 ↑\s+distinct-2 ↑$/,
      );
      expect(rows).toHaveLength(5);
      rows.forEach((row, index) => {
        const method = METHODS[index] ?? "";
        const [answers, rougeL, distinct1, distinct2] = QUOTED[method] ?? [];
        expect(row.split(/\s+/)).toEqual([
          method,
          method,
          "8",
          String(answers),
          "0",
          rougeL?.toFixed(3),
          distinct1?.toFixed(3),
          distinct2?.toFixed(3),
        ]);
      });

      const { results } = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")) as {
        results: EvalResult[];
      };
      const direct = results.find((result) => result.label === "direct");
      const standard = results.find((result) => result.label === "vs-standard");
      expect(standard?.rougeL).toBeLessThan(direct?.rougeL ?? 0);
      expect(standard?.distinct2).toBeGreaterThan(direct?.distinct2 ?? 1);
      for (const result of results) {
        if (result.method === "direct") continue;
        expect(result.rougeL).toBeLessThan(direct?.rougeL ?? 0);
        expect(result.distinct2).toBeGreaterThan(direct?.distinct2 ?? 1);
      }
    });

    it("finds the same direction in Gemini-2.5-Flash's outputs", async () => {
      const sources = savedOutputSources(
        ["direct", "vs-standard"].map((method) =>
          path.join(paperDataDirectory, "gemini-2.5-flash", `${method}.jsonl`),
        ),
      );
      const [direct, standard] = await Promise.all(
        sources.map(async (source) => measureLabel((await readSavedOutputs(source)).samples)),
      );
      expect(direct?.answers).toBe(240);
      expect(standard?.answers).toBe(240);
      expect(standard?.rougeL).toBeLessThan(direct?.rougeL ?? 0);
      expect(standard?.distinct2).toBeGreaterThan(direct?.distinct2 ?? 1);
    });
  },
);
