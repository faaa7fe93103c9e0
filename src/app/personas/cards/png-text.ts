import { inflateSync } from "node:zlib";
import { cardInvalid, count } from "./card-error.js";
import type { PngChunk } from "./png-chunks.js";

/** The PNG chunk types that carry text: plain, compressed, and international. */
export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(["tEXt", "zTXt", "iTXt"]);

export interface PngText {
  readonly keyword: string;
  readonly chunkType: string;
  /** The chunk's raw value bytes (still compressed for zTXt and compressed iTXt). */
  readonly value: Uint8Array;
  readonly compressed: boolean;
  /** iTXt text is UTF-8; tEXt and zTXt text is Latin-1. */
  readonly utf8: boolean;
}

/** A text chunk's keyword and where its value starts; no text is decoded yet. */
export function readTextChunk(chunk: PngChunk): PngText | null {
  const { data, type } = chunk;
  const end = data.indexOf(0);
  if (end < 1 || end > 79) return null;
  const keyword = latin1(data.subarray(0, end));
  if (type === "tEXt") {
    return {
      keyword,
      chunkType: type,
      value: data.subarray(end + 1),
      compressed: false,
      utf8: false,
    };
  }
  if (type === "zTXt") {
    return {
      keyword,
      chunkType: type,
      value: data.subarray(end + 2),
      compressed: true,
      utf8: false,
    };
  }
  // iTXt: keyword, 0, compression flag, method, language tag, 0, translated keyword, 0, text.
  const compressed = data[end + 1] === 1;
  const languageEnd = data.indexOf(0, end + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return null;
  return {
    keyword,
    chunkType: type,
    value: data.subarray(translatedEnd + 1),
    compressed,
    utf8: true,
  };
}

/**
 * The value of a text chunk as a string, at most `maxBytes` long once decompressed: a small
 * compressed chunk cannot inflate into a large string.
 */
export function textChunkValue(text: PngText, maxBytes: number): string {
  if (text.value.length > maxBytes) throw tooLarge(text, maxBytes);
  let bytes = text.value;
  if (text.compressed) {
    try {
      bytes = inflateSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError) throw tooLarge(text, maxBytes);
      throw cardInvalid(
        "bad_text",
        `the compressed text in its ${text.keyword} chunk is damaged.`,
        error,
      );
    }
  }
  return text.utf8 ? Buffer.from(bytes).toString("utf8") : latin1(bytes);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function tooLarge(text: PngText, maxBytes: number) {
  return cardInvalid(
    "too_large",
    `its ${text.keyword} chunk holds more than ${count(maxBytes)} bytes.`,
  );
}
