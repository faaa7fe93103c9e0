import { RE2JS } from "re2js";

export interface KeyOptions {
  readonly caseSensitive: boolean;
  readonly wholeWords: boolean;
  /** Character Card V3 `use_regex`: every key is a regular expression. */
  readonly useRegex: boolean;
}

/** SillyTavern writes a regular-expression key as `/pattern/flags`. */
const SLASHED = /^\/(.+)\/([a-z]*)$/s;
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const WORDS = /[\p{L}\p{N}\p{M}_]+/gu;
const ALL_WORD = /^[\p{L}\p{N}\p{M}_]+$/u;
/** Occurrences of a phrase checked one by one before one linear regex scan takes over. */
const OCCURRENCE_CHECKS = 64;

/**
 * The text keys are looked for in. Its lower-cased form and its sets of words are made once,
 * on first use, and shared by every key of the turn.
 */
export class ScanText {
  readonly text: string;
  #lower: string | undefined;
  readonly #words = new Map<boolean, ReadonlySet<string>>();
  readonly #results = new Map<string, boolean>();

  constructor(text: string) {
    this.text = text;
  }

  get lower(): string {
    this.#lower ??= this.text.toLowerCase();
    return this.#lower;
  }

  /** Every run of word characters in the text, exactly or lower-cased. */
  words(caseSensitive: boolean): ReadonlySet<string> {
    let words = this.#words.get(caseSensitive);
    if (!words) {
      words = new Set((caseSensitive ? this.text : this.lower).match(WORDS) ?? []);
      this.#words.set(caseSensitive, words);
    }
    return words;
  }

  /** A key's result for this text, worked out once however many entries repeat the key. */
  remember(key: string, match: () => boolean): boolean {
    let result = this.#results.get(key);
    if (result === undefined) {
      result = match();
      this.#results.set(key, result);
    }
    return result;
  }
}

export function scanText(text: string): ScanText {
  return new ScanText(text);
}

/** Whether a key is matched as a regular expression (and so is costlier to search for). */
export function isRegexKey(key: string, useRegex: boolean): boolean {
  return useRegex || SLASHED.test(key);
}

/**
 * A key's test against scan text. Plain keys match as substrings, or as whole words when asked
 * (a key's edge that is a letter or digit must meet a non-word character or the text's end).
 * Regular-expression keys run on RE2 (re2js), whose matching time is linear in the text, so a
 * card's pattern cannot stall the bot; a pattern RE2 cannot compile matches nothing, as the V3
 * spec asks.
 */
export function keyMatcher(key: string, options: KeyOptions): (scan: ScanText) => boolean {
  const match = uncachedMatcher(key, options);
  const id = `${options.caseSensitive ? 1 : 0}${options.wholeWords ? 1 : 0}${options.useRegex ? 1 : 0}${key}`;
  return (scan) => scan.remember(id, () => match(scan));
}

function uncachedMatcher(key: string, options: KeyOptions): (scan: ScanText) => boolean {
  const slashed = SLASHED.exec(key);
  if (options.useRegex || slashed) {
    const pattern = slashed?.[1] ?? key;
    const flags = slashed ? (slashed[2] ?? "") : options.caseSensitive ? "" : "i";
    return regexMatcher(pattern, flags);
  }
  const { caseSensitive } = options;
  const needle = caseSensitive ? key : key.toLowerCase();
  if (!needle.trim()) return () => false;
  if (!options.wholeWords) {
    return (scan) => (caseSensitive ? scan.text : scan.lower).includes(needle);
  }
  // A one-word key matches as a whole word exactly when it is one of the text's words.
  if (ALL_WORD.test(needle)) return (scan) => scan.words(caseSensitive).has(needle);
  const parts = needle.match(WORDS) ?? [];
  let bounded: RegExp | undefined;
  return (scan) => {
    const words = scan.words(caseSensitive);
    if (!parts.every((part) => words.has(part))) return false;
    const haystack = caseSensitive ? scan.text : scan.lower;
    const found = findWholeWord(haystack, needle);
    if (found !== undefined) return found;
    bounded ??= boundedPattern(needle);
    return bounded.test(haystack);
  };
}

/** The phrase between non-word characters (or the text's ends), as a linear-time pattern. */
function boundedPattern(needle: string): RegExp {
  const literal = needle.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const before = WORD.test(firstCharacter(needle)) ? "(?<![\\p{L}\\p{N}\\p{M}_])" : "";
  const after = WORD.test(lastCharacter(needle)) ? "(?![\\p{L}\\p{N}\\p{M}_])" : "";
  return new RegExp(`${before}${literal}${after}`, "u");
}

function regexMatcher(pattern: string, flags: string): (scan: ScanText) => boolean {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(
      pattern,
      (flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.includes("s") ? RE2JS.DOTALL : 0) |
        (flags.includes("m") ? RE2JS.MULTILINE : 0),
    );
  } catch {
    return () => false;
  }
  return (scan) => compiled.matcher(scan.text).find();
}

/** true or false from the first occurrences; undefined when there are too many to check. */
function findWholeWord(haystack: string, needle: string): boolean | undefined {
  const checkStart = WORD.test(firstCharacter(needle));
  const checkEnd = WORD.test(lastCharacter(needle));
  let at = haystack.indexOf(needle);
  for (let checked = 0; at >= 0; checked++) {
    if (checked === OCCURRENCE_CHECKS) return undefined;
    const before = checkStart ? lastCharacter(haystack.slice(Math.max(0, at - 2), at)) : "";
    const end = at + needle.length;
    const after = checkEnd ? firstCharacter(haystack.slice(end, end + 2)) : "";
    if (!WORD.test(before) && !WORD.test(after)) return true;
    at = haystack.indexOf(needle, at + 1);
  }
  return false;
}

function firstCharacter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 32);
}

function lastCharacter(text: string): string {
  const code = text.charCodeAt(text.length - 1);
  if (Number.isNaN(code)) return " ";
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff;
  return isLowSurrogate && text.length >= 2 ? text.slice(-2) : text.slice(-1);
}
