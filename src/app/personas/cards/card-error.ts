import { VsbotError } from "../../../engine/errors.js";

/** What was wrong with a card file: a stable word for logs and tests, beside the message. */
export type CardProblem =
  | "too_large"
  | "empty"
  | "unknown_format"
  | "not_png"
  | "truncated"
  | "bad_crc"
  | "no_card_chunk"
  | "wrong_chunk"
  | "bad_base64"
  | "bad_text"
  | "bad_json"
  | "too_deep"
  | "not_a_card"
  | "missing_name"
  | "wrong_type"
  | "too_long"
  | "too_many";

/**
 * A card that cannot be read: code `card_invalid`, and a message for the user that says what
 * is wrong with the file. Nothing was stored or changed when it is thrown.
 */
export function cardInvalid(problem: CardProblem, message: string, cause?: unknown): VsbotError {
  return new VsbotError("card_invalid", `character card rejected (${problem}): ${message}`, {
    userMessage: `That character card could not be read: ${message}`,
    details: { problem },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The problem word of a card error, for callers that branch on it. */
export function cardProblem(error: VsbotError): CardProblem | undefined {
  const problem = error.details.problem;
  return error.code === "card_invalid" && typeof problem === "string"
    ? (problem as CardProblem)
    : undefined;
}

/** Numbers in messages read as people write them: 8,388,608. */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}
