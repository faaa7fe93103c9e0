import type { RandomSource } from "../engine/ports.js";

const SUBJECT_MAX_CHARACTERS = 80;

/**
 * Makes user text safe to insert into a one-line template: no control or invisible format
 * characters (emoji joiners stay), no angle brackets or backticks (they would break the tag
 * and fenced output forms), whitespace collapsed, trailing punctuation dropped, at most about
 * `maxCharacters` (80 by default).
 */
export function sanitizeSubject(subject: string, maxCharacters = SUBJECT_MAX_CHARACTERS): string {
  const cleaned = subject
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/(?!\u200d)\p{Cf}/gu, "")
    .replace(/[<>`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const characters = Array.from(cleaned);
  if (characters.length <= maxCharacters) return trimTrailingPunctuation(cleaned);
  const cut = characters.slice(0, maxCharacters).join("");
  const lastSpace = cut.lastIndexOf(" ");
  const shortened = lastSpace >= maxCharacters / 2 ? cut.slice(0, lastSpace) : cut;
  return trimTrailingPunctuation(shortened);
}

function trimTrailingPunctuation(text: string): string {
  return text.replace(/[\s.,;:!?]+$/u, "");
}

/**
 * Fills `{name}` with a value and `{Name}` with it capitalized, for every name given. One
 * pass, with a replacer function, so "$&" or "{subject}" in user text stays literal.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (placeholder, name: string) => {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined) return placeholder;
    return name === key ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}

/** How texts are compared for "already given": case and whitespace do not count. */
export function normalizeForComparison(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function randomIndex(random: RandomSource, length: number): number {
  return Math.min(length - 1, Math.floor(random.next() * length));
}

export function pickFrom<T>(random: RandomSource, items: readonly [T, ...T[]]): T {
  return items[randomIndex(random, items.length)] ?? items[0];
}

function shuffle<T>(random: RandomSource, items: readonly T[]): T[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = randomIndex(random, index + 1);
    const current = shuffled[index] as T;
    shuffled[index] = shuffled[other] as T;
    shuffled[other] = current;
  }
  return shuffled;
}

/**
 * Up to `count` distinct texts from `pool`, none of them in `avoid`, in random order. When
 * too few are left, the rest repeat earlier ones, as a real model repeats itself once it
 * runs out of ideas: the engine's duplicate guard then ends the chain, and no reply is ever
 * empty or unreadable. Never more than the pool holds (three options give three picks).
 */
export function pickCandidateTexts(
  random: RandomSource,
  pool: readonly string[],
  count: number,
  avoid: readonly string[],
): string[] {
  const seen = new Set(avoid.map(normalizeForComparison));
  const unique = [...new Map(pool.map((text) => [normalizeForComparison(text), text])).entries()];
  const target = Math.min(count, unique.length);
  const fresh = unique.filter(([key]) => !seen.has(key)).map(([, text]) => text);
  const chosen = shuffle(random, fresh).slice(0, target);
  if (chosen.length < target) {
    const repeats = unique.filter(([key]) => seen.has(key)).map(([, text]) => text);
    chosen.push(...shuffle(random, repeats).slice(0, target - chosen.length));
  }
  return chosen;
}
