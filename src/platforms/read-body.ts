import type { IncomingMessage } from "node:http";

/** The raw request body, or null once it grows past `limit` bytes. */
export async function readLimitedBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | null> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const piece = chunk as Buffer;
    size += piece.length;
    if (size > limit) return null;
    chunks.push(piece);
  }
  return Buffer.concat(chunks);
}
