import type { PersonaSession } from "../persona-session.js";

/** Shorter names would wake the persona on ordinary words ("Al", "Bo" are still fine). */
const SHORTEST_WAKE_WORD = 2;

/** The names a persona answers to: its prompt name, display name and nicknames, once each. */
export function wakeWords(session: Pick<PersonaSession, "name" | "identity">): string[] {
  const names = [session.name, session.identity.displayName, ...session.identity.nicknames];
  const seen = new Set<string>();
  const words: string[] = [];
  for (const name of names) {
    const word = name.normalize("NFKC").trim().replace(/\s+/g, " ");
    const key = word.toLowerCase();
    if (word.length < SHORTEST_WAKE_WORD || seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  return words;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether the text names one of the words as a whole word, whatever the case: "Mira?" and
 * "hey mira" wake Mira, "Miranda" and "admiral" do not. Letters and digits of any script
 * bound a word, so it works beyond English.
 */
export function namesAny(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const alternatives = words
    .map((word) => escapeRegExp(word).replace(/ /g, "\\s+"))
    .sort((left, right) => right.length - left.length)
    .join("|");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, "iu");
  return pattern.test(text.normalize("NFKC"));
}
