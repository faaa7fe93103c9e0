import type { RandomSource } from "../engine/ports.js";
import { DEMO_CORPUS, type DemoTask, isDemoTask } from "./demo-corpus.js";

const SUBJECT_MAX_CHARACTERS = 80;

export function resolveDemoTask(task: string): DemoTask {
  const name = task.trim().toLowerCase();
  return isDemoTask(name) ? name : "generic";
}

/**
 * Makes user text safe to insert into a one-line template: no control or invisible format
 * characters (emoji joiners stay), no angle brackets or backticks (they would break the tag
 * and fenced output forms), whitespace collapsed, trailing punctuation dropped, at most about
 * 80 characters.
 */
export function sanitizeSubject(subject: string): string {
  const cleaned = subject
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/(?!\u200d)\p{Cf}/gu, "")
    .replace(/[<>`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const characters = Array.from(cleaned);
  if (characters.length <= SUBJECT_MAX_CHARACTERS) return trimTrailingPunctuation(cleaned);
  const cut = characters.slice(0, SUBJECT_MAX_CHARACTERS).join("");
  const lastSpace = cut.lastIndexOf(" ");
  const shortened = lastSpace >= SUBJECT_MAX_CHARACTERS / 2 ? cut.slice(0, lastSpace) : cut;
  return trimTrailingPunctuation(shortened);
}

function trimTrailingPunctuation(text: string): string {
  return text.replace(/[\s.,;:!?]+$/u, "");
}

export function renderTemplate(template: string, subject: string): string {
  const capitalized = subject.charAt(0).toUpperCase() + subject.slice(1);
  // Replacer functions, so "$&" and friends in user text stay literal.
  return template.replaceAll("{Subject}", () => capitalized).replaceAll("{subject}", () => subject);
}

/** How texts are compared for "already shown": case and whitespace do not count. */
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
 * Up to `count` distinct candidate texts for the task, none of them in `avoid`, in random
 * order. Fewer when the corpus runs out, as a real model's list can be short.
 */
export function pickCandidateTexts(
  random: RandomSource,
  task: DemoTask,
  subject: string,
  count: number,
  avoid: readonly string[],
): string[] {
  const corpus = DEMO_CORPUS[task];
  const insertedSubject = sanitizeSubject(subject) || corpus.defaultSubject;
  const seen = new Set(avoid.map(normalizeForComparison));
  const available: string[] = [];
  for (const template of corpus.templates) {
    const text = renderTemplate(template, insertedSubject);
    const key = normalizeForComparison(text);
    if (seen.has(key)) continue;
    seen.add(key);
    available.push(text);
  }
  return shuffle(random, available).slice(0, count);
}
