import type { Extraction, FoundCandidate } from "./extraction.js";
import { findJsonValues } from "./json-values.js";
import {
  CONTAINER_KEYS,
  NON_TEXT_KEYS,
  normalizeKey,
  PROBABILITY_KEYS,
  SPEAKER_KEYS,
  TEXT_KEYS,
} from "./synonyms.js";
import {
  type JsonArray,
  type JsonObject,
  type JsonRead,
  type JsonValue,
  readJson,
} from "./tolerant-json.js";

type Located =
  | { readonly kind: "list"; readonly array: JsonArray }
  | { readonly kind: "single"; readonly object: JsonObject };

/** A synonym's place in its list: lower is preferred. */
const TEXT_RANK: ReadonlyMap<string, number> = new Map(
  [...TEXT_KEYS].map((key, rank) => [key, rank]),
);
const PROBABILITY_RANK: ReadonlyMap<string, number> = new Map(
  [...PROBABILITY_KEYS].map((key, rank) => [key, rank]),
);

interface CandidateFields {
  readonly text: string | undefined;
  readonly stated: JsonValue | undefined;
  readonly speaker: string | undefined;
}

function textOf(value: JsonValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((line) => typeof line === "string" || typeof line === "number")
  ) {
    return value.join("\n");
  }
  return undefined;
}

/**
 * The text and probability members, by the most preferred synonym whatever the key order.
 * Without a known text key, the only string member that is not metadata is the text
 * ("joke_text"), but only next to a probability, so that any object with one string in it
 * does not pass for a candidate.
 */
function fieldsOf(object: JsonObject): CandidateFields {
  let text: JsonValue | undefined;
  let textRank = Number.POSITIVE_INFINITY;
  let stated: JsonValue | undefined;
  let statedRank = Number.POSITIVE_INFINITY;
  let onlyString: string | undefined;
  let stringCount = 0;
  let speaker: string | undefined;
  let speakerStrings = 0;
  for (const [key, value] of object) {
    const name = normalizeKey(key);
    const asSpeaker = SPEAKER_KEYS.has(name) && typeof value === "string";
    if (asSpeaker) speaker ??= value;
    const asText = TEXT_RANK.get(name);
    const asProbability = PROBABILITY_RANK.get(name);
    if (asText !== undefined && asText < textRank) {
      text = value;
      textRank = asText;
    }
    if (asProbability !== undefined && asProbability < statedRank) {
      stated = value;
      statedRank = asProbability;
    }
    if (typeof value === "string" && asProbability === undefined && !NON_TEXT_KEYS.has(name)) {
      // A speaker beside the text is not a second text: {"speaker": "Ada", "line": "..."}.
      if (asSpeaker) speakerStrings++;
      else {
        onlyString = value;
        stringCount++;
      }
    }
  }
  const lone = stringCount === 1 || (stringCount === 0 && speakerStrings === 1);
  const fallback = stated !== undefined && lone ? (onlyString ?? speaker) : undefined;
  return { text: textOf(text) ?? fallback, stated, speaker };
}

function looksLikeCandidate(object: JsonObject): boolean {
  return fieldsOf(object).text !== undefined;
}

const STATED_NUMBER = /^\s*[~<>]?\s*\d*\.?\d+\s*%?\s*$/;

/** A `["text", 0.3]` pair, as some models write candidates. */
function isPair(value: JsonValue): value is [string, number | string] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [text, stated] = value;
  return (
    typeof text === "string" &&
    (typeof stated === "number" || (typeof stated === "string" && STATED_NUMBER.test(stated)))
  );
}

function isCandidateList(array: JsonArray, read: JsonRead): boolean {
  if (read.cutMemberOf === array) return true;
  return array.some(
    (element) =>
      typeof element === "string" ||
      isPair(element) ||
      (element instanceof Map && (read.open.has(element) || looksLikeCandidate(element))),
  );
}

/** Depth-first: a known container key first, then a candidate-shaped object, then any list. */
function locate(value: JsonValue, read: JsonRead): Located | undefined {
  if (Array.isArray(value)) {
    if (isCandidateList(value, read)) return { kind: "list", array: value };
    for (const element of value) {
      const found = locate(element, read);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!(value instanceof Map)) return undefined;
  for (const [key, member] of value) {
    if (
      Array.isArray(member) &&
      CONTAINER_KEYS.has(normalizeKey(key)) &&
      (member.length === 0 || isCandidateList(member, read))
    ) {
      return { kind: "list", array: member };
    }
  }
  if (looksLikeCandidate(value)) return { kind: "single", object: value };
  for (const member of value.values()) {
    const found = locate(member, read);
    if (found !== undefined) return found;
  }
  return undefined;
}

function candidateFrom(element: JsonValue): FoundCandidate | undefined {
  if (typeof element === "string") return { text: element, stated: undefined };
  if (isPair(element)) return { text: element[0], stated: element[1] };
  if (typeof element === "number") return { text: String(element), stated: undefined };
  if (!(element instanceof Map)) return undefined;
  const { text, stated, speaker } = fieldsOf(element);
  if (text === undefined) return undefined;
  return speaker === undefined ? { text, stated } : { text, stated, speaker };
}

interface Tally {
  readonly found: FoundCandidate[];
  partial: number;
  skipped: number;
}

function collect(read: JsonRead, located: Located, tally: Tally): void {
  const elements = located.kind === "list" ? located.array : [located.object];
  for (const element of elements) {
    if ((element instanceof Map || Array.isArray(element)) && read.open.has(element)) {
      tally.partial++;
      continue;
    }
    const candidate = candidateFrom(element);
    if (candidate === undefined) tally.skipped++;
    else tally.found.push(candidate);
  }
  if (located.kind === "list" && read.cutMemberOf === located.array) tally.partial++;
}

/**
 * JSON written inside a JSON string (`{"responses": "[{\"text\": ...}]"}`), as some models
 * double-encode: the first string that reads as JSON holding candidates.
 */
function locateEncoded(value: JsonValue): { read: JsonRead; place: Located } | undefined {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
    const read = readJson(trimmed);
    const place = read.value === undefined ? undefined : locate(read.value, read);
    return place === undefined ? undefined : { read, place };
  }
  const members = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : [];
  for (const member of members) {
    const found = locateEncoded(member);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Candidates from every JSON value in the text that holds some, in order. */
export function candidatesFromJson(text: string): Extraction {
  const tally: Tally = { found: [], partial: 0, skipped: 0 };
  let located = false;
  let cutInsideCandidates = false;
  let cutAnywhere = false;
  for (const outer of findJsonValues(text)) {
    if (outer.value === undefined) continue;
    cutAnywhere ||= outer.cut;
    const direct = locate(outer.value, outer);
    const found =
      direct === undefined ? locateEncoded(outer.value) : { read: outer, place: direct };
    if (found === undefined) continue;
    const { read, place } = found;
    located = true;
    cutInsideCandidates ||= read.cut;
    collect(read, place, tally);
  }
  const cut = located ? cutInsideCandidates : cutAnywhere;
  return { located, ...tally, cut };
}
