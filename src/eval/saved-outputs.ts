import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { VsbotError } from "../engine/errors.js";
import { METHODS, type Method } from "../engine/types.js";
import type { LabelSamples, PromptSamples } from "./types.js";

/** One `[LABEL=]FILE` argument of `vsbot eval --from-jsonl`. */
export interface SavedOutputSource {
  readonly label: string;
  readonly file: string;
  /** The method the label or the file's name says, if either is a method's name. */
  readonly method: Method | null;
}

export interface SavedOutputs {
  readonly samples: LabelSamples;
  /** One line per problem, naming the file and line: what was skipped and why. */
  readonly warnings: readonly string[];
}

const EXTENSION = /\.(jsonl|ndjson|json|txt)$/i;

function methodNamed(name: string): Method | null {
  const lower = name.trim().toLowerCase();
  return (METHODS as readonly string[]).includes(lower) ? (lower as Method) : null;
}

/**
 * Reads the `[LABEL=]FILE` arguments. A whole argument naming an existing file is a file even
 * when it holds "="; a label defaults to the file's base name, with its folder added when two
 * files share one ("gpt-4.1/direct" and "gemini/direct").
 */
export function savedOutputSources(args: readonly string[]): SavedOutputSource[] {
  const parsed = args.map((arg) => {
    const split = arg.indexOf("=");
    if (split > 0 && !existsSync(arg)) {
      return { label: arg.slice(0, split).trim(), file: arg.slice(split + 1), given: true };
    }
    return { label: path.basename(arg).replace(EXTENSION, ""), file: arg, given: false };
  });
  const counts = new Map<string, number>();
  for (const source of parsed) counts.set(source.label, (counts.get(source.label) ?? 0) + 1);
  const sources = parsed.map((source) => {
    const shared = !source.given && (counts.get(source.label) ?? 0) > 1;
    const folder = path.basename(path.dirname(path.resolve(source.file)));
    return {
      label: shared ? `${folder}/${source.label}` : source.label,
      file: source.file,
      method:
        methodNamed(source.label) ?? methodNamed(path.basename(source.file).replace(EXTENSION, "")),
    };
  });
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.label)) {
      throw new VsbotError("invalid_input", `two inputs share the label "${source.label}"`, {
        userMessage: `Two inputs share the label "${source.label}"; give each its own with LABEL=FILE.`,
      });
    }
    seen.add(source.label);
  }
  return sources;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface ReadLine {
  readonly prompt: string;
  readonly texts: string[];
  readonly options: string[] | undefined;
  /** Responses in the line that could not be read. */
  readonly unreadable: number;
}

/** One line's prompt and response texts; a response is `{"text": ...}` or a bare string. */
function readLine(value: unknown): ReadLine | string {
  if (!isRecord(value)) return "not a JSON object";
  if (typeof value.prompt !== "string") return 'no "prompt" text';
  if (!Array.isArray(value.responses)) return 'no "responses" list';
  const texts: string[] = [];
  let unreadable = 0;
  for (const response of value.responses) {
    const text =
      typeof response === "string" ? response : isRecord(response) ? response.text : null;
    if (typeof text === "string") texts.push(text);
    else unreadable += 1;
  }
  const options =
    Array.isArray(value.options) && value.options.every((option) => typeof option === "string")
      ? (value.options as string[])
      : undefined;
  return { prompt: value.prompt, texts, options, unreadable };
}

/**
 * One file of saved outputs: one JSON object per line, `{"prompt": "...", "responses":
 * [{"text": "...", "probability": 0.1}, ...]}` (probability optional; an `"options"` list
 * enables KL to uniform). Responses are grouped by prompt, in first-seen order. A line or
 * response that cannot be read is skipped with a warning naming it, and counted as lost
 * (a whole bad line as one answer, since how many it held cannot be known).
 */
export async function readSavedOutputs(source: SavedOutputSource): Promise<SavedOutputs> {
  let content: string;
  try {
    content = await readFile(source.file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new VsbotError("invalid_input", `cannot read ${source.file}: ${reason}`, {
      cause: error,
      userMessage: `Cannot read ${source.file}: ${reason}.`,
    });
  }
  const groups = new Map<string, { texts: string[]; options: string[] | undefined }>();
  const warnings: string[] = [];
  let lost = 0;
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${source.file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      warnings.push(`${where}: skipped, not valid JSON (${(error as Error).message})`);
      lost += 1;
      return;
    }
    const read = readLine(value);
    if (typeof read === "string") {
      warnings.push(`${where}: skipped, ${read}`);
      lost += 1;
      return;
    }
    if (read.unreadable > 0) {
      warnings.push(`${where}: ${read.unreadable} response(s) without a "text" skipped`);
      lost += read.unreadable;
    }
    const group = groups.get(read.prompt) ?? { texts: [], options: read.options };
    group.texts.push(...read.texts);
    groups.set(read.prompt, group);
  });
  const prompts: PromptSamples[] = [...groups].map(([prompt, group]) => ({
    prompt,
    texts: group.texts,
    ...(group.options ? { options: group.options } : {}),
  }));
  if (prompts.length === 0) warnings.push(`${source.file}: no readable line`);
  return {
    samples: { label: source.label, method: source.method, prompts, lost, cost: null },
    warnings,
  };
}
