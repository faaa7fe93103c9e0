/**
 * What every benchmark module returns: figures, each with its unit and, when it has one, the
 * target it is held to. The runner (index.ts) prints them all in one table and writes them
 * as JSON with `--json`. A module is `export async function run(context): Promise<Figure[]>`
 * in a `*.bench.ts` file; see README.md.
 */

export interface Target {
  /** "at most": the value must not exceed `value`; "at least": it must reach it. */
  readonly bound: "at most" | "at least";
  readonly value: number;
}

export interface Figure {
  /** Short and unique within its module, e.g. "memory:// heap per stored reply". */
  readonly name: string;
  readonly value: number;
  /** "ms", "ms CPU", "x", "/s", "B", "count"... */
  readonly unit: string;
  /** Null for a figure reported for context only. */
  readonly target: Target | null;
  /** Whether the value meets the target; null when there is none. NaN never meets one. */
  readonly met: boolean | null;
  /** How it was measured and against what baseline: one line. */
  readonly note?: string;
}

export interface BenchContext {
  /** A progress or context line; goes to stderr, never into the table. */
  log(line: string): void;
}

export type BenchRun = (context: BenchContext) => Promise<Figure[]>;

export const atMost = (value: number): Target => ({ bound: "at most", value });
export const atLeast = (value: number): Target => ({ bound: "at least", value });

export function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  return target.bound === "at most" ? value <= target.value : value >= target.value;
}

/** A figure held to a target. */
export function judged(
  name: string,
  value: number,
  unit: string,
  target: Target,
  note?: string,
): Figure {
  return { name, value, unit, target, met: meets(value, target), ...(note ? { note } : {}) };
}

/** A figure shown for context, held to nothing. */
export function informational(name: string, value: number, unit: string, note?: string): Figure {
  return { name, value, unit, target: null, met: null, ...(note ? { note } : {}) };
}
