import { readFile } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { VsbotError } from "../engine/errors.js";
import type { Clock, Logger, ModelClient, ResponseSchema } from "../engine/ports.js";
import { PACKAGE_ROOT } from "../runtime/package-root.js";
import { CallGuard } from "./call-guard.js";
import { meanOf } from "./measure.js";
import type { ProgressPhase } from "./ports.js";
import type { LabelSamples } from "./types.js";

/** The rubric the judge reads, kept in a file of its own so it can be read and changed. */
export const DEFAULT_RUBRIC_FILE = path.join(PACKAGE_ROOT, "src", "eval", "judge-rubric.md");

export async function readRubric(file = DEFAULT_RUBRIC_FILE): Promise<string> {
  try {
    const rubric = (await readFile(file, "utf8")).trim();
    if (rubric !== "") return rubric;
  } catch (error) {
    throw new VsbotError("invalid_input", `cannot read the judge rubric ${file}`, {
      cause: error,
      userMessage: `Cannot read the judge rubric ${file}.`,
    });
  }
  throw new VsbotError("invalid_input", `the judge rubric ${file} is empty`, {
    userMessage: `The judge rubric ${file} is empty.`,
  });
}

const SCORE_SCHEMA: ResponseSchema = {
  name: "quality_score",
  schema: {
    type: "object",
    properties: { reason: { type: "string" }, score: { type: "integer" } },
    required: ["reason", "score"],
    additionalProperties: false,
  },
};

/**
 * The score in a judge's reply: the "score" field of a JSON object (also inside fences or
 * prose, also as a string), or a reply that is a bare number. Null unless it is within 1-10.
 */
export function readScore(reply: string): number | null {
  const field = /"score"\s*:\s*"?(-?\d+(?:\.\d+)?)/i.exec(reply);
  const bare = /^\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*10)?\s*$/.exec(reply);
  const value = Number((field ?? bare)?.[1]);
  return Number.isFinite(value) && value >= 1 && value <= 10 ? value : null;
}

export interface JudgeOptions {
  readonly model: ModelClient;
  readonly rubric: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly retries: number;
  /** Advances once per answer judged (or given up). */
  readonly progress: ProgressPhase;
}

export interface JudgeFigures {
  /** Per label, in input order: the mean score × 10 (0-100), or null when none was judged. */
  readonly values: readonly (number | null)[];
  readonly warnings: readonly string[];
}

/** Answers the judge will read: every answer of every label. */
export function judgeCalls(samples: readonly LabelSamples[]): number {
  return samples.reduce(
    (sum, label) => sum + label.prompts.reduce((count, prompt) => count + prompt.texts.length, 0),
    0,
  );
}

/**
 * Quality with the configured model as judge: every answer scored 1-10 against the rubric at
 * temperature 0, each on its own (so the judge never sees which method wrote it), and each
 * label's mean reported × 10. Answers the judge could not score are left out and counted.
 */
export async function judgeQuality(
  samples: readonly LabelSamples[],
  options: JudgeOptions,
): Promise<JudgeFigures> {
  const limit = pLimit(options.concurrency);
  const guard = new CallGuard({ clock: options.clock, retries: options.retries });
  const score = (prompt: string, text: string) =>
    limit(async () => {
      const value = await guard.run(
        async () => {
          const reply = await options.model.complete({
            messages: [
              { role: "system", content: options.rubric },
              { role: "user", content: `REQUEST:\n${prompt}\n\nRESPONSE:\n${text}` },
            ],
            responseSchema: SCORE_SCHEMA,
            temperature: 0,
          });
          const read = readScore(reply.text);
          if (read === null) {
            throw new VsbotError("output_unparseable", "the judge gave no score from 1 to 10", {
              details: { rawText: reply.text.slice(0, 500) },
            });
          }
          return read;
        },
        ({ error }) => {
          if (error)
            options.logger.warn("eval.judge_failed", { code: error.code, message: error.message });
        },
      );
      options.progress.advance(value === null);
      return value;
    });

  const warnings: string[] = [];
  const values = await Promise.all(
    samples.map(async (label) => {
      const scores = await Promise.all(
        label.prompts.flatMap((prompt) => prompt.texts.map((text) => score(prompt.prompt, text))),
      );
      const missing = scores.filter((value) => value === null).length;
      if (missing > 0) {
        warnings.push(`${label.label}: ${missing} of ${scores.length} answers could not be judged`);
      }
      const mean = meanOf(scores);
      return mean === null ? null : mean * 10;
    }),
  );
  return { values, warnings };
}
