/** The longest Retry-After the client sleeps through; a longer one fails at once instead. */
export const MAX_RETRY_WAIT_MS = 20_000;

/** The wait a Retry-After / retry-after-ms header asks for, in milliseconds, if any. */
export function retryWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds)) return milliseconds;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? date - now : undefined;
}

/**
 * The SDK sleeps for whatever Retry-After says, hours included, deaf to the caller. A reply
 * asking for more than MAX_RETRY_WAIT_MS is marked `x-should-retry: false` (which the SDK
 * obeys), so the user hears "try again later" now rather than nothing for an hour.
 */
export function capRetryWait(response: Response): Response {
  const wait = retryWaitMs(response.headers);
  if (wait === undefined || wait <= MAX_RETRY_WAIT_MS) return response;
  const headers = new Headers(response.headers);
  headers.set("x-should-retry", "false");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
