import { open, readFile, truncate } from "node:fs/promises";
import { VsbotError } from "../engine/errors.js";

/**
 * The JSONL file `vsbot generate` writes: one sample per line (text, probability, call id) and
 * a final summary line. Reading it back is what makes a run resumable: the samples already
 * there are kept, avoided and never asked for again.
 */
export interface SampleLine {
  readonly text: string;
  readonly probability: number;
  readonly callId: string;
}

export interface Totals {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly duplicatesDropped: number;
}

export interface SummaryLine extends Totals {
  readonly summary: true;
  readonly instruction: string;
  readonly method: string;
  readonly k: number;
  readonly samples: number;
  /** promptTokens + completionTokens. */
  readonly tokens: number;
}

export interface Dataset {
  readonly texts: readonly string[];
  /** The highest call number used so far; new calls continue after it. */
  readonly lastCall: number;
  /** Totals of earlier runs, from the last summary line (zero when there is none). */
  readonly totals: Totals;
  readonly instruction: string | null;
  /** Notes for the user: a cut-off last line was removed, an old summary was taken off. */
  readonly notes: readonly string[];
}

export const NO_TOTALS: Totals = {
  calls: 0,
  promptTokens: 0,
  completionTokens: 0,
  duplicatesDropped: 0,
};

const CALL_ID = /^call-(\d+)$/;

export function callId(number: number): string {
  return `call-${number}`;
}

function invalid(path: string, line: number, why: string): VsbotError {
  return new VsbotError("invalid_input", `${path} line ${line}: ${why}`, {
    userMessage: `${path}, line ${line}, is not a vsbot sample (${why}). Use another --out file, or fix or remove that line.`,
  });
}

function isSummary(value: Record<string, unknown>): boolean {
  return value.summary === true;
}

/**
 * Reads an existing data file (a missing one is empty). A last line cut off mid-write, and a
 * summary line at the end, are taken off the file (unless `repair` is false) so that
 * appending continues it cleanly; any other line that is not a sample stops the run, so
 * nothing in the file is lost.
 */
export async function readDataset(
  path: string,
  options: { readonly repair?: boolean } = {},
): Promise<Dataset> {
  let content: string;
  try {
    content = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { texts: [], lastCall: 0, totals: NO_TOTALS, instruction: null, notes: [] };
    }
    throw error;
  }
  const notes: string[] = [];
  let keep = content.length;
  const lines = content.split("\n");
  if (!content.endsWith("\n") && content.length > 0) {
    const partial = lines.pop() ?? "";
    keep -= partial.length;
    notes.push("the last line was cut off (an interrupted write) and was removed");
  } else {
    lines.pop();
  }
  const texts: string[] = [];
  let lastCall = 0;
  let totals = NO_TOTALS;
  let instruction: string | null = null;
  let offset = 0;
  let summaryAt: number | null = null;
  lines.forEach((line, index) => {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === "") return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw invalid(path, index + 1, "not valid JSON");
    }
    if (typeof value !== "object" || value === null)
      throw invalid(path, index + 1, "not an object");
    if (isSummary(value)) {
      totals = {
        calls: Number(value.calls) || 0,
        promptTokens: Number(value.promptTokens) || 0,
        completionTokens: Number(value.completionTokens) || 0,
        duplicatesDropped: Number(value.duplicatesDropped) || 0,
      };
      instruction = typeof value.instruction === "string" ? value.instruction : instruction;
      summaryAt = start;
      return;
    }
    summaryAt = null;
    if (typeof value.text !== "string") throw invalid(path, index + 1, 'no "text"');
    texts.push(value.text);
    const call = CALL_ID.exec(String(value.callId ?? ""));
    if (call) lastCall = Math.max(lastCall, Number(call[1]));
  });
  if (summaryAt !== null) {
    keep = summaryAt;
    notes.push("the summary line of the last run was replaced by this run's");
  }
  if (keep < content.length && options.repair !== false) {
    await truncate(path, Buffer.byteLength(content.slice(0, keep)));
  }
  return { texts, lastCall, totals, instruction, notes };
}

/** Appends lines in one write, so a crash leaves whole lines (or one cut-off last line). */
export async function appendLines(path: string, lines: readonly object[]): Promise<void> {
  if (lines.length === 0) return;
  const file = await open(path, "a");
  try {
    await file.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
  } finally {
    await file.close();
  }
}
