import { expect } from "vitest";
import { cardProblem } from "../../../src/app/personas/cards/index.js";
import { isVsbotError, type VsbotError } from "../../../src/engine/errors.js";

/** Runs `read`, expecting it to refuse the card with `problem` and a message containing `words`. */
export function expectRejected(
  read: () => unknown,
  problem: string,
  words?: string | RegExp,
): VsbotError {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(isVsbotError(thrown), `expected a VsbotError, got ${String(thrown)}`).toBe(true);
  const error = thrown as VsbotError;
  expect(error.code).toBe("card_invalid");
  expect(cardProblem(error)).toBe(problem);
  expect(error.userMessage).toMatch(/^That character card could not be read: /);
  if (words !== undefined) expect(error.userMessage).toMatch(words);
  return error;
}
