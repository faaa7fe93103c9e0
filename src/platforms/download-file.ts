import { VsbotError } from "../engine/errors.js";

/** How long one attachment download may take. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

export interface DownloadOptions {
  /** What the file is, for messages: "the attached card". */
  readonly what: string;
  readonly maxBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
}

function downloadFailed(what: string, reason: string): VsbotError {
  return new VsbotError("invalid_input", `download failed: ${reason}`, {
    userMessage: `Could not read ${what}: ${reason}. Attach it again, or try again in a moment.`,
  });
}

/**
 * A file's bytes over HTTP, stopping once more than `maxBytes` arrive (so a huge file costs
 * no more than the cap). Redirects are refused: the caller chose the host on purpose.
 */
export async function downloadFile(url: string, options: DownloadOptions): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: "error",
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      ...(options.headers ? { headers: options.headers } : {}),
    });
  } catch {
    throw downloadFailed(options.what, "the download did not complete");
  }
  if (!response.ok || !response.body) {
    throw downloadFailed(options.what, `the server answered ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > options.maxBytes) {
    await response.body.cancel();
    throw tooLarge(options.what, options.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw tooLarge(options.what, options.maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(what: string, maxBytes: number): VsbotError {
  return new VsbotError("invalid_input", "download over its limit", {
    userMessage: `${what[0]?.toUpperCase() ?? ""}${what.slice(1)} is larger than ${maxBytes.toLocaleString("en-US")} bytes, the most vsbot reads.`,
  });
}
