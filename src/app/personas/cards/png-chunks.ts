import crc32 from "crc-32";
import { cardInvalid, count } from "./card-error.js";
import { CARD_LIMITS } from "./card-limits.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The PNG spec caps a chunk's length at 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff;
const CHUNK_TYPE = /^[A-Za-z]{4}$/;

export interface PngChunk {
  readonly type: string;
  /** A view into the file's bytes, not a copy. */
  readonly data: Uint8Array;
}

export function hasPngSignature(bytes: Uint8Array): boolean {
  return SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/**
 * The chunks of a PNG whose type `wanted` accepts, after checking the whole file's structure:
 * signature, IHDR first, every length within the file, every CRC, and an IEND.
 *
 * Hand-written because the PNG libraries on npm did not fit hostile input: png-chunks-extract
 * (unchanged since 2016) allocates whatever length a chunk header claims before reading it;
 * meta-png checks no CRC and reads past the end; fast-png and pngjs inflate the whole image,
 * which a small file can make enormous. This reader copies nothing, allocates nothing per
 * chunk, and its work is linear in the file's size. The CRC itself comes from crc-32.
 */
export function readPngChunks(bytes: Uint8Array, wanted: (type: string) => boolean): PngChunk[] {
  if (!hasPngSignature(bytes)) {
    throw cardInvalid("not_png", "the file is not a PNG image (its first bytes are wrong).");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = SIGNATURE.length;
  for (let index = 0; ; index++) {
    if (index >= CARD_LIMITS.pngChunks) {
      throw cardInvalid("too_many", `the PNG has over ${count(CARD_LIMITS.pngChunks)} chunks.`);
    }
    if (offset + 8 > bytes.length) throw truncated();
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!CHUNK_TYPE.test(type)) {
      throw cardInvalid("not_png", `the PNG is damaged (chunk ${index + 1} has no valid type).`);
    }
    if (index === 0 && type !== "IHDR") {
      throw cardInvalid("not_png", "the PNG is damaged (it does not start with an IHDR chunk).");
    }
    if (length > MAX_CHUNK_LENGTH || offset + 12 + length > bytes.length) throw truncated();
    const checked = bytes.subarray(offset + 4, offset + 8 + length);
    if (crc32.buf(checked) !== view.getInt32(offset + 8 + length)) {
      throw cardInvalid(
        "bad_crc",
        `the PNG is damaged (the checksum of its ${type} chunk is wrong).`,
      );
    }
    if (type === "IEND") return chunks;
    if (wanted(type)) chunks.push({ type, data: checked.subarray(4) });
    offset += 12 + length;
  }
}

function truncated() {
  return cardInvalid("truncated", "the PNG is cut off before its end (IEND chunk).");
}
