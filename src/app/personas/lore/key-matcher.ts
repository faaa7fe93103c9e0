import { RE2JS } from "re2js";

export interface KeyOptions {
  readonly caseSensitive: boolean;
  readonly wholeWords: boolean;
  /** Character Card V3 `use_regex`: every key is a regular expression. */
  readonly useRegex: boolean;
}

/** The text keys are looked for in, with its lower-cased form made once for all keys. */
export interface ScanText {
  readonly text: string;
  readonly lower: string;
}

export function scanText(text: string): ScanText {
  return { text, lower: text.toLowerCase() };
}

/** SillyTavern writes a regular-expression key as `/pattern/flags`. */
const SLASHED = /^\/(.+)\/([a-z]*)$/s;
const WORD = /[\p{L}\p{N}\p{M}_]/u;

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
  const slashed = SLASHED.exec(key);
  if (options.useRegex || slashed) {
    const pattern = slashed?.[1] ?? key;
    const flags = slashed ? (slashed[2] ?? "") : options.caseSensitive ? "" : "i";
    return regexMatcher(pattern, flags);
  }
  const needle = options.caseSensitive ? key : key.toLowerCase();
  if (!needle.trim()) return () => false;
  return (scan) => {
    const haystack = options.caseSensitive ? scan.text : scan.lower;
    return options.wholeWords ? findWholeWord(haystack, needle) : haystack.includes(needle);
  };
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

function findWholeWord(haystack: string, needle: string): boolean {
  const checkStart = WORD.test(firstCharacter(needle));
  const checkEnd = WORD.test(lastCharacter(needle));
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = checkStart ? lastCharacter(haystack.slice(Math.max(0, at - 2), at)) : "";
    const after = checkEnd
      ? firstCharacter(haystack.slice(at + needle.length, at + needle.length + 2))
      : "";
    if (!WORD.test(before) && !WORD.test(after)) return true;
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
