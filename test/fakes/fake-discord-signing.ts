/**
 * Discord's side of the HTTP interactions endpoint: an Ed25519 key pair made in the test, and
 * requests signed over `timestamp + body` as Discord signs them.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { httpPost } from "../helpers/http-post.js";

export interface SigningKeys {
  /** 64 hex characters, as the Developer Portal shows the application's public key. */
  readonly publicKeyHex: string;
  readonly privateKey: KeyObject;
}

export function createSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  const raw = Buffer.from(String(jwk.x), "base64url");
  return { publicKeyHex: raw.toString("hex"), privateKey };
}

export function signBody(keys: SigningKeys, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body, "utf8"), keys.privateKey).toString("hex");
}

export function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000));
}

export interface SignedPostOptions {
  readonly timestamp?: string;
  /** Headers to send instead of the correct ones; null leaves a header out. */
  readonly signature?: string | null;
  readonly timestampHeader?: string | null;
}

export interface SignedPostResult {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the endpoint's JSON answer.
  readonly body: any;
  /** `performance.now()` when the request was sent and when the answer arrived. */
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** POSTs a body (an object is JSON-encoded) to the endpoint, signed with `keys`. */
export async function postSigned(
  url: string,
  keys: SigningKeys,
  payload: unknown,
  options: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const timestamp = options.timestamp ?? nowSeconds();
  const signature =
    options.signature === undefined ? signBody(keys, timestamp, body) : options.signature;
  const stamp = options.timestampHeader === undefined ? timestamp : options.timestampHeader;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["x-signature-ed25519"] = signature;
  if (stamp !== null) headers["x-signature-timestamp"] = stamp;
  const sentAt = performance.now();
  const response = await httpPost(url, headers, body);
  const { text } = response;
  const answeredAt = performance.now();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed, sentAt, answeredAt };
}
