import { cardInvalid, count } from "./card-error.js";
import { CARD_LIMITS } from "./card-limits.js";

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Parses a card's JSON text. Nesting is measured first, in one pass over the text, so deeply
 * nested input is refused before anything walks it recursively.
 */
export function parseCardJsonText(text: string, where: string): unknown {
  if (text.length > CARD_LIMITS.jsonBytes) {
    throw cardInvalid(
      "too_large",
      `its ${where} is over ${count(CARD_LIMITS.jsonBytes)} characters.`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (nestingDepth(body) > CARD_LIMITS.jsonDepth) {
    throw cardInvalid(
      "too_deep",
      `its ${where} nests objects or lists over ${CARD_LIMITS.jsonDepth} levels deep.`,
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const at = position === undefined ? "" : ` (near character ${count(Number(position) + 1)})`;
    throw cardInvalid("bad_json", `its ${where} is not valid JSON${at}.`, error);
  }
}

/** The deepest nesting of brackets and braces outside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return deepest;
}
