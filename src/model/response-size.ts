/** The default bound on one model response body: far above any real reply, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Thrown while reading a response body that grew past the bound; the read stops there. */
export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`the model server's response is larger than ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

/**
 * The same response, but its body errors (and the connection is cancelled) once more than
 * `limitBytes` have arrived, so a runaway server cannot fill the memory of the process.
 * A declared Content-Length over the bound fails before any of the body is read.
 */
export function limitResponseSize(response: Response, limitBytes: number): Response {
  const body = response.body;
  if (body === null) return response;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  // The HTTP client reads no more than a declared length, so an uncompressed body declared
  // within the bound stays within it and needs no counting. A compressed one is counted as
  // it is decoded: its declared length says nothing of what it inflates to.
  const encoding = response.headers.get("content-encoding");
  const plain = encoding === null || encoding.trim().toLowerCase() === "identity";
  if (plain && declared <= limitBytes) return response;
  // Failing the read, not the fetch: the SDK would retry a failed fetch as a dropped connection.
  const limited =
    declared > limitBytes ? failedBody(body, limitBytes) : countedBody(body, limitBytes);
  return new Response(limited, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function failedBody(
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
): ReadableStream<Uint8Array> {
  void body.cancel().catch(() => {});
  return new ReadableStream({
    start(controller) {
      controller.error(new ResponseTooLargeError(limitBytes));
    },
  });
}

/**
 * The body, chunk by chunk as the reader pulls it, failing once more than `limitBytes` have
 * passed. One pull-driven stream: a pipeThrough a TransformStream costs two more streams and
 * their piping on every model call.
 */
function countedBody(
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk.done) {
        controller.close();
        return;
      }
      received += chunk.value.byteLength;
      if (received > limitBytes) {
        controller.error(new ResponseTooLargeError(limitBytes));
        void reader.cancel().catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
