/**
 * Made-up words for texts that share no words by chance, so the duplicate guard (word-level
 * ROUGE-L) never mistakes one test answer for another. Deterministic: the same key gives the
 * same words.
 */
const SYLLABLES = [
  "ba",
  "ko",
  "ri",
  "tu",
  "me",
  "sa",
  "lo",
  "pi",
  "de",
  "nu",
  "fa",
  "ge",
  "hi",
  "jo",
  "ku",
  "la",
  "mo",
  "ne",
  "po",
  "ru",
  "si",
  "ta",
  "vo",
  "wi",
  "xa",
  "ya",
  "zu",
  "bre",
  "cla",
  "dro",
  "fli",
  "gra",
  "plo",
  "stu",
  "tri",
  "vla",
  "zen",
  "mar",
  "quo",
  "shi",
];

function mix(value: number): number {
  let mixed = (value ^ 0x9e3779b9) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

/** One made-up word of three syllables: 64,000 of them. */
export function madeUpWord(key: number): string {
  const hash = mix(key);
  return [hash % 40, (hash >>> 8) % 40, (hash >>> 16) % 40]
    .map((index) => SYLLABLES[index] ?? "")
    .join("");
}

/** `count` made-up words for the text with this key, e.g. "kotume salobri ...". */
export function madeUpWords(key: number, count = 6): string {
  return Array.from({ length: count }, (_, index) => madeUpWord(key * 101 + index)).join(" ");
}
