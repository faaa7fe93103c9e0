import { describe, expect, it } from "vitest";
import {
  createSignatureVerifier,
  publicKeyFromHex,
} from "../../../src/platforms/discord/verify-signature.js";
import { createSigningKeys, signBody } from "../../fakes/fake-discord-signing.js";

const keys = createSigningKeys();
const NOW_MS = 1_750_000_000_000;
const verify = createSignatureVerifier(keys.publicKeyHex, () => NOW_MS);
const body = '{"type":1}';

function signed(timestamp: string, text = body) {
  return { signature: signBody(keys, timestamp, text), timestamp, body: Buffer.from(text) };
}

describe("Discord request signatures", () => {
  it("accepts Ed25519 over timestamp + body with the application's hex public key", () => {
    expect(verify(signed(String(NOW_MS / 1000)))).toEqual({ valid: true });
  });

  it("rejects a changed body, another key, and missing or malformed headers", () => {
    const timestamp = String(NOW_MS / 1000);
    const good = signed(timestamp);
    expect(verify({ ...good, body: Buffer.from('{"type":2}') })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    const other = createSigningKeys();
    expect(verify({ ...good, signature: signBody(other, timestamp, body) })).toMatchObject({
      reason: "mismatch",
    });
    expect(verify({ ...good, signature: undefined })).toMatchObject({ reason: "missing" });
    expect(verify({ ...good, timestamp: undefined })).toMatchObject({ reason: "missing" });
    expect(verify({ ...good, signature: "abc" })).toMatchObject({ reason: "malformed" });
    expect(verify({ ...good, timestamp: "soon" })).toMatchObject({ reason: "malformed" });
  });

  it("rejects timestamps more than five minutes old or ahead, even when correctly signed", () => {
    expect(verify(signed(String(NOW_MS / 1000 - 301)))).toMatchObject({ reason: "stale" });
    expect(verify(signed(String(NOW_MS / 1000 + 301)))).toMatchObject({ reason: "stale" });
    expect(verify(signed(String(NOW_MS / 1000 - 299)))).toEqual({ valid: true });
  });

  it("refuses a public key that is not 64 hex characters", () => {
    expect(() => publicKeyFromHex("abc")).toThrow(/64 hexadecimal/);
  });
});
