import { createPublicKey, type KeyObject, verify } from "node:crypto";

/** DER header of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** Requests signed longer ago (or further ahead) than this are replays or bad clocks. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;

export type SignatureCheck =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: "missing" | "malformed" | "stale" | "mismatch" };

export interface SignedRequest {
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly body: Buffer;
}

/** The application's public key, from the 64-character hex string the Developer Portal shows. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error("a Discord public key is 64 hexadecimal characters");
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]),
    format: "der",
    type: "spki",
  });
}

/**
 * Checks Discord's Ed25519 signature (`X-Signature-Ed25519`) over `timestamp + raw body`
 * (`X-Signature-Timestamp`), and that the timestamp is recent.
 */
export function createSignatureVerifier(
  publicKeyHex: string,
  now: () => number = Date.now,
): (request: SignedRequest) => SignatureCheck {
  const key = publicKeyFromHex(publicKeyHex);
  return ({ signature, timestamp, body }) => {
    if (!signature || !timestamp) return { valid: false, reason: "missing" };
    if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d{1,15}$/.test(timestamp)) {
      return { valid: false, reason: "malformed" };
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) {
      return { valid: false, reason: "stale" };
    }
    const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
    return verify(null, signed, key, Buffer.from(signature, "hex"))
      ? { valid: true }
      : { valid: false, reason: "mismatch" };
  };
}
