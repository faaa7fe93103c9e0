import type { WeightedText } from "./common-scale.js";

const PUNCTUATION = /^\p{P}$/u;
const WHITESPACE = /^\s$/;
const ASCII_PUNCTUATION: readonly boolean[] = Array.from({ length: 128 }, (_unused, code) =>
  PUNCTUATION.test(String.fromCharCode(code)),
);

function isPunctuation(character: string, code: number): boolean {
  return code < 128 ? ASCII_PUNCTUATION[code] === true : PUNCTUATION.test(character);
}

function isSpace(character: string, code: number): boolean {
  return code < 128 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : WHITESPACE.test(character);
}

/**
 * Texts with the same key are the same candidate: NFKC, lowercase, no punctuation, single
 * spaces. One pass by hand: it runs on every candidate, and two Unicode regex passes cost
 * several times more.
 */
export function candidateKey(text: string): string {
  const folded = text.normalize("NFKC").toLowerCase();
  let key = "";
  let pendingSpace = false;
  for (let index = 0; index < folded.length; ) {
    const code = folded.codePointAt(index) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const character = width === 1 ? (folded[index] ?? "") : folded.slice(index, index + 2);
    index += width;
    if (isSpace(character, code)) {
      pendingSpace = key !== "";
    } else if (!isPunctuation(character, code)) {
      if (pendingSpace) key += " ";
      pendingSpace = false;
      key += character;
    }
  }
  return key === "" ? text : key;
}

export interface MergedCandidates {
  readonly candidates: WeightedText[];
  readonly merged: number;
}

/** Folds duplicates into their first occurrence, adding up the stated weights. */
export function mergeDuplicates(candidates: readonly WeightedText[]): MergedCandidates {
  const firstIndexByKey = new Map<string, number>();
  const kept: WeightedText[] = [];
  for (const candidate of candidates) {
    // The same line from two speakers is two different candidates.
    const key = `${candidate.speaker ?? ""}\u0000${candidateKey(candidate.text)}`;
    const index = firstIndexByKey.get(key);
    const first = index === undefined ? undefined : kept[index];
    if (index === undefined || first === undefined) {
      firstIndexByKey.set(key, kept.length);
      kept.push(candidate);
      continue;
    }
    const verbalized =
      first.verbalized === null
        ? candidate.verbalized
        : first.verbalized + (candidate.verbalized ?? 0);
    kept[index] = { ...first, verbalized };
  }
  return { candidates: kept, merged: candidates.length - kept.length };
}
