import type { ParsedCandidate, ParseOptions, ParseResult } from "../types.js";
import { candidatesFromJson } from "./candidates-from-json.js";
import { candidatesFromList } from "./candidates-from-list.js";
import { candidatesFromTags, hasResponseTags } from "./candidates-from-tags.js";
import { onCommonScale } from "./common-scale.js";
import { type Extraction, type FoundCandidate, NOTHING_LOCATED } from "./extraction.js";
import { mergeDuplicates } from "./merge-duplicates.js";
import { normalizeWeights } from "./normalize-weights.js";
import { plural } from "./plural.js";
import { assignSpeakers } from "./speakers.js";
import { stripReasoning } from "./strip-reasoning.js";

/** More candidates than this are dropped: no prompt asks for them, and they cost state. */
export const MAX_CANDIDATES = 50;

/**
 * Tags first, because a JSON-looking fragment inside a tag's text is not the answer. Lists
 * are read only where plain text is not acceptable: a direct answer may itself be a list.
 */
function extract(text: string, finishReason: string | undefined, lists: boolean): Extraction {
  if (hasResponseTags(text)) {
    const tags = candidatesFromTags(text, finishReason);
    if (tags.located) return tags;
  }
  const json = candidatesFromJson(text);
  if (json.located) return json;
  if (lists) {
    const list = candidatesFromList(text, finishReason);
    if (list.located) return list;
  }
  return { ...NOTHING_LOCATED, cut: json.cut };
}

function describeExtraction(extraction: Extraction, warnings: string[]): void {
  if (extraction.partial > 0) {
    warnings.push(
      `dropped ${plural(extraction.partial, "candidate")} cut off at the end of the output`,
    );
  } else if (extraction.cut) {
    warnings.push("the output ended before the JSON was closed");
  }
  if (extraction.skipped > 0) {
    warnings.push(`ignored ${plural(extraction.skipped, "item")} without a text`);
  }
}

function plainText(text: string, options: ParseOptions, warnings: string[]): ParseResult {
  const truncated = options.finishReason === "length";
  if (truncated) warnings.push("the text was cut off at the token limit");
  const found: FoundCandidate[] = [{ text: text.trim(), stated: undefined }];
  const spoken = options.speakers ? assignSpeakers(found, options.speakers, warnings) : found;
  const candidates: ParsedCandidate[] = spoken.map((candidate) => ({
    text: candidate.text.trim(),
    probability: 1,
    verbalized: null,
    ...(candidate.speaker === undefined ? {} : { speaker: candidate.speaker }),
  }));
  return { candidates, warnings, truncated };
}

/** Trims, drops empty texts, merges duplicates, caps the count and normalizes the weights. */
function finish(found: readonly FoundCandidate[], warnings: string[]): ParsedCandidate[] {
  const trimmed = found.map((candidate) => ({ ...candidate, text: candidate.text.trim() }));
  const withText = trimmed.filter((candidate) => candidate.text !== "");
  const empty = trimmed.length - withText.length;
  if (empty > 0) warnings.push(`dropped ${plural(empty, "empty candidate")}`);

  const { candidates: distinct, merged } = mergeDuplicates(onCommonScale(withText, warnings));
  if (merged > 0) {
    warnings.push(`merged ${plural(merged, "duplicate candidate")} into earlier ones`);
  }
  if (distinct.length > MAX_CANDIDATES) {
    warnings.push(`kept the first ${MAX_CANDIDATES} of ${distinct.length} candidates`);
  }
  return normalizeWeights(distinct.slice(0, MAX_CANDIDATES), warnings);
}

function parse(raw: string, options: ParseOptions): ParseResult {
  const { text, warnings: reasoningWarnings } = stripReasoning(raw);
  const warnings = [...reasoningWarnings];
  if (text.trim() === "") {
    warnings.push("the output was empty");
    return { candidates: [], warnings, truncated: false };
  }
  const extraction = extract(text, options.finishReason, options.allowPlainText !== true);
  if (!extraction.located && options.allowPlainText === true) {
    return plainText(text, options, warnings);
  }
  if (!extraction.located) warnings.push("found no JSON, tags or list of candidates in the output");
  describeExtraction(extraction, warnings);
  // A speaker member means something only in tasks that have speakers.
  const found = options.speakers
    ? assignSpeakers(extraction.found, options.speakers, warnings)
    : extraction.found.map(({ text, stated }) => ({ text, stated }));
  const candidates = finish(found, warnings);
  if (options.expected !== undefined && candidates.length !== options.expected) {
    warnings.push(`expected ${options.expected} candidates, got ${candidates.length}`);
  }
  return { candidates, warnings, truncated: extraction.cut };
}

/**
 * Recovers the candidates of a Verbalized Sampling reply from whatever the model wrote:
 * JSON (fenced, embedded, damaged or cut off), `<response>` tags, or a list. Never throws;
 * everything repaired or dropped is listed in `warnings`.
 */
export function parseCandidates(raw: string, options: ParseOptions = {}): ParseResult {
  try {
    return parse(typeof raw === "string" ? raw : "", options);
  } catch (error) {
    // The contract is "never throws": an unforeseen failure becomes an empty result.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      candidates: [],
      warnings: [`could not parse the output: ${reason}`],
      truncated: false,
    };
  }
}
