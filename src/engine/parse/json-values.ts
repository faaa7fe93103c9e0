import { type JsonRead, readJson } from "./tolerant-json.js";

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * How many characters failed attempts may scan in total, per character of text. Each attempt
 * is linear, but prose with many stray brackets could otherwise make the search quadratic.
 */
const FAILED_SCAN_BUDGET_FACTOR = 8;
const FAILED_SCAN_BUDGET_MINIMUM = 4096;

function nextValueStart(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === OPEN_BRACE || code === OPEN_BRACKET) return index;
  }
  return -1;
}

/**
 * Every JSON object or array in the text, in order: inside code fences or embedded in prose.
 * Where a value fails to read, the search goes on just after its opening bracket, so the
 * intact objects inside a broken one are still found.
 */
export function findJsonValues(text: string): JsonRead[] {
  const values: JsonRead[] = [];
  let budget = text.length * FAILED_SCAN_BUDGET_FACTOR + FAILED_SCAN_BUDGET_MINIMUM;
  let position = 0;
  while (position < text.length) {
    const start = nextValueStart(text, position);
    if (start < 0) break;
    const read = readJson(text, start);
    if (read.value === undefined) {
      budget -= read.end - start;
      if (budget < 0) break;
      position = start + 1;
      continue;
    }
    values.push(read);
    if (read.cut) break;
    position = read.end;
  }
  return values;
}
