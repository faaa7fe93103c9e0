import crc32 from "crc-32";
import { encode } from "fast-png";

/**
 * A real 2x2 PNG made by fast-png (an encoder independent of ours), with the given tEXt chunks.
 * Hostile variants are made from it with the chunk helpers below.
 */
export function pngWithText(text: Record<string, string>): Uint8Array {
  const pixels = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 9, 9, 255]);
  return encode({ width: 2, height: 2, data: pixels, channels: 4, depth: 8, text });
}

/** One PNG chunk: length, type, data and its CRC. */
export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, "latin1"), 4);
  out.set(data, 8);
  view.setInt32(8 + data.length, crc32.buf(out.subarray(4, 8 + data.length)));
  return out;
}

/** A tEXt chunk's data: keyword, a zero byte, the Latin-1 text. */
export function textData(keyword: string, text: string): Uint8Array {
  return Buffer.from(`${keyword}\0${text}`, "latin1");
}

/** The PNG with extra chunks inserted just before its IEND chunk. */
export function withChunks(png: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)]);
}

/** Where the chunk with this tEXt keyword starts, or -1. */
export function chunkOffset(png: Uint8Array, keyword: string): number {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let offset = 8; offset + 8 <= png.length; offset += 12 + view.getUint32(offset)) {
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString("latin1");
    const start = Buffer.from(png.subarray(offset + 8, offset + 8 + keyword.length + 1)).toString(
      "latin1",
    );
    if (type === "tEXt" && start === `${keyword}\0`) return offset;
  }
  return -1;
}
