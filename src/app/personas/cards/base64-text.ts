import { cardInvalid, count } from "./card-error.js";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;
const WHITESPACE = /[\t\n\r ]+/g;

/**
 * Strict base64 (standard or URL-safe alphabet, padding optional, line breaks allowed) to UTF-8
 * text of at most `maxBytes` bytes. Node's own decoder skips characters it does not know, which
 * would turn a damaged chunk into silent garbage; this one says the chunk is broken instead.
 */
export function decodeBase64Text(encoded: string, where: string, maxBytes: number): string {
  const compact = encoded.replace(WHITESPACE, "");
  if (compact.length === 0) {
    throw cardInvalid("bad_base64", `its ${where} is empty.`);
  }
  const alphabet = BASE64.test(compact) ? "base64" : BASE64_URL.test(compact) ? "base64url" : null;
  if (alphabet === null || compact.replace(/=+$/, "").length % 4 === 1) {
    throw cardInvalid("bad_base64", `its ${where} is not valid base64.`);
  }
  if (Math.floor((compact.length * 3) / 4) > maxBytes) {
    throw cardInvalid("too_large", `its ${where} decodes to more than ${count(maxBytes)} bytes.`);
  }
  return decodeUtf8(Buffer.from(compact, alphabet), `the text in its ${where}`);
}

/** UTF-8 bytes to text, refusing invalid sequences; a leading byte order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw cardInvalid("bad_text", `${what} is not UTF-8 text.`, error);
  }
}
