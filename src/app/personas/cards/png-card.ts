import { decodeBase64Text } from "./base64-text.js";
import { cardInvalid } from "./card-error.js";
import { CARD_LIMITS } from "./card-limits.js";
import { readPngChunks } from "./png-chunks.js";
import { type PngText, readTextChunk, TEXT_CHUNK_TYPES, textChunkValue } from "./png-text.js";

/** Base64 grows text by a third; this bounds a card chunk before it is decoded. */
const MAX_ENCODED = Math.ceil((CARD_LIMITS.jsonBytes * 4) / 3) + 4096;
/** Keywords that look like a card's but are not the ones readers look for. */
const NEAR_MISS = /chara|card|ccv/i;

/**
 * The card JSON text a PNG carries: base64 in a text chunk named `ccv3` (V3) or `chara` (V2
 * and V1). When both are there `ccv3` wins, as the V3 spec says; when it is broken that is
 * reported, not papered over with the older chunk.
 */
export function cardTextFromPng(bytes: Uint8Array): { text: string; keyword: "ccv3" | "chara" } {
  const texts = readPngChunks(bytes, (type) => TEXT_CHUNK_TYPES.has(type))
    .map(readTextChunk)
    .filter((text): text is PngText => text !== null);
  for (const keyword of ["ccv3", "chara"] as const) {
    const found = texts.find((text) => text.keyword.toLowerCase() === keyword);
    if (found) {
      const encoded = textChunkValue(found, MAX_ENCODED);
      return {
        text: decodeBase64Text(encoded, `${keyword} chunk`, CARD_LIMITS.jsonBytes),
        keyword,
      };
    }
  }
  const nearMiss = texts.find((text) => NEAR_MISS.test(text.keyword));
  if (nearMiss) {
    throw cardInvalid(
      "wrong_chunk",
      `its card chunk is named "${printable(nearMiss.keyword)}"; cards are read from a text chunk named "chara" or "ccv3".`,
    );
  }
  throw cardInvalid(
    "no_card_chunk",
    'the PNG has no character card in it (no "chara" or "ccv3" text chunk).',
  );
}

/** A keyword as safe, short text for a message. */
function printable(keyword: string): string {
  return keyword.replace(/[^\w .-]/g, "?").slice(0, 40);
}
