import { AsyncLocalStorage } from "node:async_hooks";
import OpenAI from "openai";
import { VsbotError } from "../engine/errors.js";
import type { Logger } from "../engine/ports.js";
import { capRetryWait, MAX_RETRY_WAIT_MS } from "./retry-cap.js";

/** Local servers ignore the key, but the SDK refuses to start without one. */
const PLACEHOLDER_API_KEY = "vsbot-no-key";

export interface SdkClientOptions {
  /** An OpenAI-compatible endpoint ending in /v1; the OpenAI API when absent. */
  readonly baseURL?: string;
  /** Optional with a baseURL (local servers); a placeholder is sent instead. */
  readonly apiKey?: string;
  /** Per HTTP attempt; retries get a fresh timeout each. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** Applied to every HTTP response after the retry-wait cap (e.g. a size bound). */
  readonly wrapResponse?: (response: Response) => Response;
}

/** One configured `openai` client and what every call through it needs. */
export interface SdkClient {
  readonly client: OpenAI;
  /** Where requests go, without credentials, for logs and errors. */
  readonly endpoint: string;
  /** The text with the API key taken out. */
  redact(text: string): string;
  /** The longest one call can take through the SDK's timeout and retries, every wait included. */
  readonly retriesDeadlineMs: number;
  /** Runs `call`, counting its HTTP attempts (retries included) into `counter`. */
  countAttempts<T>(counter: { count: number }, call: () => Promise<T>): Promise<T>;
}

/** Where requests go, without credentials, for logs and errors: "127.0.0.1:11434/v1". */
export function endpointLabel(baseURL: string | undefined): string {
  if (baseURL === undefined) return "the OpenAI API";
  try {
    const url = new URL(baseURL);
    return `${url.host}${url.pathname.replace(/\/$/, "")}`;
  } catch {
    return "an invalid base URL";
  }
}

/**
 * The call whose HTTP attempts are being counted, and the client counting them: one storage for
 * every client, since on Node 20 and 22 each live AsyncLocalStorage is told of every promise.
 */
const attemptsStorage = new AsyncLocalStorage<{
  readonly owner: object;
  readonly counter: { count: number };
}>();

/**
 * The official SDK configured as vsbot uses it: no fallback to OPENAI_* variables, its
 * warnings logged with the key redacted, retry waits capped, and attempts counted per call.
 * Throws a VsbotError when there is neither a key nor a base URL.
 */
export function createSdkClient(options: SdkClientOptions): SdkClient {
  const { logger } = options;
  const apiKey = options.apiKey?.trim() ?? "";
  if (apiKey === "" && options.baseURL === undefined) {
    throw new VsbotError("model_auth", "no API key for the OpenAI API", {
      userMessage:
        "Set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local OpenAI-compatible server.",
    });
  }
  const redact = (text: string): string =>
    apiKey === "" ? text : text.split(apiKey).join("[redacted]");
  const baseFetch = options.fetch ?? globalThis.fetch;
  const wrapResponse = options.wrapResponse ?? ((response: Response) => response);
  // Counts the HTTP attempts (retries included) of the call in whose async context they run,
  // so one client serves every call.
  const owner = {};
  const countingFetch: typeof fetch = async (input, init) => {
    const attempts = attemptsStorage.getStore();
    if (attempts?.owner === owner) attempts.counter.count += 1;
    return wrapResponse(capRetryWait(await baseFetch(input, init)));
  };
  // Explicit nulls keep the SDK from falling back to OPENAI_* environment variables.
  const client = new OpenAI({
    apiKey: apiKey === "" ? PLACEHOLDER_API_KEY : apiKey,
    baseURL: options.baseURL ?? null,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: countingFetch,
    logLevel: "warn",
    logger: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn("model.sdk_warning", { message: redact(message) }),
      error: (message: string) => logger.error("model.sdk_error", { message: redact(message) }),
    },
  });
  return {
    client,
    endpoint: endpointLabel(options.baseURL),
    redact,
    retriesDeadlineMs:
      options.timeoutMs * (options.maxRetries + 1) + MAX_RETRY_WAIT_MS * options.maxRetries,
    countAttempts: (counter, call) => attemptsStorage.run({ owner, counter }, call),
  };
}
