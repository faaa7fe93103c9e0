import type { FoundCandidate } from "./extraction.js";
import { plural } from "./plural.js";

/** Compared without case, spacing or surrounding markup: "**Ada**" and "ada" are one name. */
function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/[*_~`"'“”]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** A leading "Name:" (or "**Name**:"), as models write lines of dialogue. */
const LEADING_NAME = /^\s*\**\s*([^:\n]{1,80}?)\s*\**\s*:\s*/;

/**
 * Gives each candidate one of the speakers, as listed: its own `speaker` member, else a
 * leading "Name:" of its text (then cut from the line). Candidates naming no listed speaker
 * are dropped, with a warning: a scene cannot post a line nobody in it says.
 */
export function assignSpeakers(
  found: readonly FoundCandidate[],
  speakers: readonly string[],
  warnings: string[],
): FoundCandidate[] {
  const byKey = new Map(speakers.map((speaker) => [nameKey(speaker), speaker]));
  const assigned: FoundCandidate[] = [];
  let unknown = 0;
  for (const candidate of found) {
    const prefix = LEADING_NAME.exec(candidate.text);
    const prefixed = prefix ? byKey.get(nameKey(prefix[1] ?? "")) : undefined;
    const named =
      candidate.speaker === undefined ? undefined : byKey.get(nameKey(candidate.speaker));
    const speaker = named ?? prefixed;
    if (speaker === undefined) {
      unknown++;
      continue;
    }
    // "Ada: Hello" under speaker Ada is the line "Hello".
    const text =
      prefix && prefixed === speaker ? candidate.text.slice(prefix[0].length) : candidate.text;
    assigned.push({ text, stated: candidate.stated, speaker });
  }
  if (unknown > 0) {
    warnings.push(`dropped ${plural(unknown, "candidate")} spoken by no one in the scene`);
  }
  return assigned;
}
