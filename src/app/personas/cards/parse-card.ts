import { decodeUtf8 } from "./base64-text.js";
import { cardInvalid, count } from "./card-error.js";
import { CARD_LIMITS } from "./card-limits.js";
import type { CharacterCard } from "./character-card.js";
import { parseCardJsonText } from "./json-text.js";
import { cardTextFromPng } from "./png-card.js";
import { hasPngSignature } from "./png-chunks.js";
import { readCard } from "./read-card.js";

/** What the platform said about the attachment; both are hints, the bytes decide. */
export interface CardFileInfo {
  readonly fileName?: string;
  readonly contentType?: string;
}

const OTHER_IMAGES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP)
];

/**
 * Reads an attached character card: a PNG with the card in its `ccv3` or `chara` chunk, or
 * the card's JSON. Pure: it reads the bytes and returns the card, or throws a VsbotError with
 * code `card_invalid` whose user message says what is wrong with the file.
 */
export function parseCardFile(bytes: Uint8Array, info: CardFileInfo = {}): CharacterCard {
  if (bytes.length === 0) throw cardInvalid("empty", "the file is empty.");
  if (bytes.length > CARD_LIMITS.fileBytes) {
    throw cardInvalid(
      "too_large",
      `the file is ${count(bytes.length)} bytes; cards up to ${count(CARD_LIMITS.fileBytes)} bytes are accepted.`,
    );
  }
  if (hasPngSignature(bytes)) {
    const { text, keyword } = cardTextFromPng(bytes);
    return readCard(parseCardJsonText(text, `${keyword} chunk`), "png");
  }
  if (saysPng(info)) {
    throw cardInvalid("not_png", "the file is named as a PNG but is not a PNG image.");
  }
  if (OTHER_IMAGES.some((signature) => signature.every((byte, index) => bytes[index] === byte))) {
    throw cardInvalid(
      "unknown_format",
      "only PNG images carry character cards; this image is another format.",
    );
  }
  if (bytes.length > CARD_LIMITS.jsonBytes) {
    throw cardInvalid(
      "too_large",
      `the card's JSON is ${count(bytes.length)} bytes; at most ${count(CARD_LIMITS.jsonBytes)} are accepted.`,
    );
  }
  return parseCardJson(decodeUtf8(bytes, "the file"));
}

/** Reads a character card from its JSON text (V1, V2 or V3). */
export function parseCardJson(text: string): CharacterCard {
  if (!/^\ufeff?\s*[{[]/.test(text)) {
    throw cardInvalid("unknown_format", "it is neither a character card's JSON nor a PNG image.");
  }
  return readCard(parseCardJsonText(text, "JSON"), "json");
}

function saysPng(info: CardFileInfo): boolean {
  return (
    info.contentType?.toLowerCase().startsWith("image/png") === true ||
    info.fileName?.toLowerCase().endsWith(".png") === true
  );
}
