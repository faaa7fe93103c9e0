import type { ParseResult } from "../../../src/engine/types.js";

export function textsOf(result: ParseResult): string[] {
  return result.candidates.map((candidate) => candidate.text);
}

export function probabilitiesOf(result: ParseResult): number[] {
  return result.candidates.map((candidate) => candidate.probability);
}

export function verbalizedOf(result: ParseResult): (number | null)[] {
  return result.candidates.map((candidate) => candidate.verbalized);
}

export function sumOf(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}
