import { rougeLTokens } from "../diversity/rouge-l.js";
import { wordTokens } from "../diversity/tokens.js";

/** Word-level ROUGE-L at or above this makes two answers "the same" (VSBOT_DUPLICATE_THRESHOLD). */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.7;

/**
 * How many earlier texts each new candidate is compared with: the latest ones of the chain.
 * Older texts are still caught when repeated exactly (the tail keeps a key of every text);
 * this cap is what keeps a refill's cost flat however long the chain grows.
 */
export const COMPARED_TEXTS = 256;

/** Tokens of one text that take part: the LCS costs |a|·|b|, so a 10,000-word paste stays cheap. */
export const COMPARED_TOKENS = 400;

export interface GuardOptions {
  /** ROUGE-L at or above which a candidate is dropped; above 1 turns the guard off. */
  readonly threshold: number;
  /** Earlier texts compared, the latest first; COMPARED_TEXTS by default. */
  readonly compared?: number;
}

/** A candidate the guard dropped, and what it repeated. */
export interface DroppedCandidate<
  Candidate extends { readonly text: string } = { readonly text: string },
> {
  readonly candidate: Candidate;
  /** The earlier text it is too close to. */
  readonly like: string;
  readonly similarity: number;
  /** Set when `like` is a candidate of the same batch: its index among the kept ones. */
  readonly keptIndex: number | null;
}

export interface Screened<Candidate extends { readonly text: string }> {
  readonly kept: Candidate[];
  readonly dropped: DroppedCandidate<Candidate>[];
}

/** A text ready for comparison: its tokens and their counts. */
interface Prepared {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly counts: ReadonlyMap<string, number>;
}

function prepare(text: string): Prepared {
  const tokens = wordTokens(text).slice(0, COMPARED_TOKENS);
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return { text, tokens, counts };
}

/**
 * An upper bound of ROUGE-L F1 that costs O(|a| + |b|): the LCS can be no longer than the
 * tokens the two texts share, counted with multiplicity. Most pairs of different answers fall
 * below the threshold here, so the quadratic LCS runs only for the few that come close.
 */
function sharedTokenBound(left: Prepared, right: Prepared): number {
  const total = left.tokens.length + right.tokens.length;
  if (total === 0) return 0;
  const [small, large] =
    left.counts.size <= right.counts.size
      ? [left.counts, right.counts]
      : [right.counts, left.counts];
  let shared = 0;
  for (const [token, count] of small) shared += Math.min(count, large.get(token) ?? 0);
  return (2 * shared) / total;
}

function similarity(left: Prepared, right: Prepared, threshold: number): number {
  const total = left.tokens.length + right.tokens.length;
  const lengthBound =
    total === 0 ? 0 : (2 * Math.min(left.tokens.length, right.tokens.length)) / total;
  if (lengthBound < threshold || sharedTokenBound(left, right) < threshold) return 0;
  return rougeLTokens(left.tokens, right.tokens);
}

/**
 * The near-duplicate guard: keeps the candidates whose word-level ROUGE-L (case, punctuation,
 * quotes and whitespace ignored) stays below the threshold against every earlier text of the
 * chain (the latest `compared` of them) and against every candidate kept before it in this
 * batch. Pure: the caller logs and counts what was dropped.
 */
export function screenCandidates<Candidate extends { readonly text: string }>(
  earlier: readonly string[],
  candidates: readonly Candidate[],
  options: GuardOptions,
): Screened<Candidate> {
  const { threshold } = options;
  if (!(threshold <= 1)) return { kept: [...candidates], dropped: [] };
  const compared = Math.max(0, options.compared ?? COMPARED_TEXTS);
  const references = (compared === 0 ? [] : earlier.slice(-compared)).map(prepare);
  const kept: Candidate[] = [];
  const keptPrepared: Prepared[] = [];
  const dropped: DroppedCandidate<Candidate>[] = [];
  for (const candidate of candidates) {
    const current = prepare(candidate.text);
    const match =
      closest(current, keptPrepared, threshold, true) ??
      closest(current, references, threshold, false);
    if (match) {
      dropped.push({ candidate, ...match });
      continue;
    }
    kept.push(candidate);
    keptPrepared.push(current);
  }
  return { kept, dropped };
}

function closest(
  current: Prepared,
  pool: readonly Prepared[],
  threshold: number,
  sameBatch: boolean,
): Omit<DroppedCandidate, "candidate"> | null {
  for (let index = pool.length - 1; index >= 0; index--) {
    const other = pool[index];
    if (!other) continue;
    const score = similarity(current, other, threshold);
    if (score >= threshold) {
      return { like: other.text, similarity: score, keptIndex: sameBatch ? index : null };
    }
  }
  return null;
}
