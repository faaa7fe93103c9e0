import { rougeL } from "../../../diversity/rouge-l.js";
import { wordTokens } from "../../../diversity/tokens.js";

export interface SceneLine {
  readonly speaker: string;
  readonly text: string;
}

/** Why an unattended scene stops before a line: it repeats one, or it goes in circles. */
export type LoopStop = "repeating" | "circling" | null;

/** ROUGE-L at or above which a line is a near-copy of a recent one. */
export const REPEAT_THRESHOLD = 0.7;
/** How far back a repeat or the scene's vocabulary is looked for. */
const RECENT_LINES = 6;
/** Below this share of words new to the recent lines, a line adds nothing. */
const LEAST_NOVELTY = 0.25;
/** This many lines in a row adding nothing, between the same two speakers, is a circle. */
const STALE_LINES_IN_A_ROW = 3;
/** Short words ("the", "and", "you") say nothing about progress. */
const SHORTEST_CONTENT_WORD = 4;

function contentWords(text: string): string[] {
  return wordTokens(text).filter((word) => word.length >= SHORTEST_CONTENT_WORD);
}

/** The share of a line's content words that none of the lines before it used. */
export function novelty(line: string, before: readonly string[]): number {
  const words = contentWords(line);
  if (words.length === 0) return 0;
  const seen = new Set(before.flatMap(contentWords));
  return words.filter((word) => !seen.has(word)).length / words.length;
}

/**
 * Whether the scene should stop rather than post `next`: it nearly repeats one of the recent
 * lines (ROUGE-L from src/diversity), or it and the lines just before it are the same two
 * speakers taking turns while adding almost no new words: talk without progress. People who
 * join in reset nothing here; a scene they answer is no longer unattended anyway.
 */
export function loopStop(history: readonly SceneLine[], next: SceneLine): LoopStop {
  const recent = history.slice(-RECENT_LINES);
  if (recent.some((line) => rougeL(line.text, next.text) >= REPEAT_THRESHOLD)) return "repeating";
  const lines = [...history, next];
  if (lines.length < RECENT_LINES) return null;
  const window = lines.slice(-STALE_LINES_IN_A_ROW);
  const speakers = new Set(lines.slice(-RECENT_LINES).map((line) => line.speaker));
  if (speakers.size > 2) return null;
  const stale = window.every((line, index) => {
    const position = lines.length - window.length + index;
    const before = lines.slice(Math.max(0, position - RECENT_LINES), position);
    return (
      novelty(
        line.text,
        before.map((earlier) => earlier.text),
      ) < LEAST_NOVELTY
    );
  });
  return stale ? "circling" : null;
}
