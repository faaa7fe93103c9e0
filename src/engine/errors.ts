/**
 * Stable error codes. Each says what failed; the matching user message says what to do.
 * Adapters translate library errors into these at their edge, and nowhere else.
 */
export const ERROR_CODES = {
  model_timeout: "The model took too long to answer. Please try again in a moment.",
  model_rate_limited: "The model is busy (rate limited). Please try again in a minute.",
  model_unavailable: "The model server had an error. Please try again shortly.",
  model_connection:
    "Could not reach the model server. Check OPENAI_BASE_URL and that the server is running.",
  model_auth: "The model server rejected the API key. Check OPENAI_API_KEY.",
  model_bad_request:
    "The model server rejected the request. Check VSBOT_MODEL and the server's logs.",
  model_refused: "The model declined to answer this one.",
  model_empty: "The model returned an empty answer. Please try again.",
  output_unparseable:
    "The model's answer could not be read as a list of candidates. Please try again.",
  output_truncated:
    "The model's answer was cut off before any complete candidate. Try a smaller k or a larger VSBOT_MAX_TOKENS.",
  tail_not_found: "This button has expired. Run the command again for fresh answers.",
  tail_exhausted:
    "The model has no new answers for this one. Try the command again, perhaps with another topic.",
  tail_busy: "Still fetching more answers for this button. Please click again in a moment.",
  invalid_input: "That input is not valid.",
  card_invalid: "That character card could not be read.",
  user_rate_limited: "You have made many requests in a short time. Please try again later.",
  access_denied: "Sorry, vsbot is not available to you here.",
  budget_exceeded: "This server has used its model budget for today. Please try again tomorrow.",
  store_unavailable: "The bot's state store is unavailable right now. Please try again shortly.",
  internal: "Something went wrong on our side. It has been logged.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface VsbotErrorOptions {
  /** A message safe to show to the chat user; defaults to the code's standard message. */
  readonly userMessage?: string;
  readonly cause?: unknown;
  /** Facts for the log (status, finish reason, raw model text, ...). Never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The one error type that crosses module boundaries. `message` is for logs, `userMessage` for users. */
export class VsbotError extends Error {
  override readonly name = "VsbotError";
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: VsbotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? ERROR_CODES[code];
    this.details = options.details ?? {};
  }
}

export function isVsbotError(value: unknown): value is VsbotError {
  return value instanceof VsbotError;
}

/** Wraps anything thrown into a VsbotError, keeping the original as the cause. */
export function toVsbotError(value: unknown): VsbotError {
  if (value instanceof VsbotError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new VsbotError("internal", message, { cause: value });
}
