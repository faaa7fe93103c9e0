import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "openai";
import { type ErrorCode, VsbotError } from "../engine/errors.js";
import { retryWaitMs } from "./retry-cap.js";

export interface ErrorContext {
  readonly model: string;
  /** Where the client sends requests, without credentials, e.g. "127.0.0.1:11434/v1". */
  readonly endpoint: string;
  /** HTTP requests made for this call, retries included. */
  readonly attempts: number;
  /** Removes secrets from text that a server may have echoed back. */
  readonly redact: (text: string) => string;
}

function serverMessage(error: APIError): string | undefined {
  const body: unknown = error.error;
  if (typeof body === "object" && body !== null && "message" in body) {
    return typeof body.message === "string" ? body.message : JSON.stringify(body.message);
  }
  return undefined;
}

function statusCode(error: APIError): ErrorCode {
  if (error instanceof RateLimitError) return "model_rate_limited";
  if (error instanceof InternalServerError) return "model_unavailable";
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return "model_auth";
  }
  if (
    error instanceof BadRequestError ||
    error instanceof NotFoundError ||
    error instanceof UnprocessableEntityError
  ) {
    return "model_bad_request";
  }
  if (error.status === 408) return "model_timeout";
  if (error.status === 409) return "model_unavailable";
  return "model_bad_request";
}

function translateStatusError(error: APIError, context: ErrorContext): VsbotError {
  const code = statusCode(error);
  const message = serverMessage(error);
  const details = {
    model: context.model,
    endpoint: context.endpoint,
    attempts: context.attempts,
    status: error.status,
    requestId: error.requestID ?? null,
    errorCode: error.code ?? null,
    param: error.param ?? null,
    serverMessage: message === undefined ? null : context.redact(message),
    retryAfter: error.headers?.get("retry-after") ?? null,
  };
  const logMessage = `${context.model}: ${context.redact(error.message)} (after ${context.attempts} attempt(s))`;
  const waitMs = error.headers ? retryWaitMs(error.headers) : undefined;
  let userMessage: string | undefined;
  if (error instanceof NotFoundError) {
    userMessage = `The model server answered 404 (not found) for model "${context.model}". Check that VSBOT_MODEL names a model this server has, and that OPENAI_BASE_URL ends in /v1.`;
  } else if (code === "model_rate_limited" && waitMs !== undefined && waitMs > 1000) {
    userMessage = `The model is busy (rate limited). Please try again in about ${Math.ceil(waitMs / 1000)} seconds.`;
  }
  return new VsbotError(code, logMessage, {
    cause: error,
    details,
    ...(userMessage === undefined ? {} : { userMessage }),
  });
}

function isAbortError(error: unknown): boolean {
  return (
    error instanceof APIUserAbortError || (error instanceof Error && error.name === "AbortError")
  );
}

/**
 * Turns anything the `openai` SDK throws into a VsbotError. This is the only place SDK errors
 * are interpreted; callers see codes, never SDK classes.
 */
export function translateOpenAIError(error: unknown, context: ErrorContext): VsbotError {
  if (error instanceof VsbotError) return error;
  const facts = { model: context.model, endpoint: context.endpoint, attempts: context.attempts };
  if (error instanceof Error && error.name === "TimeoutError") {
    return new VsbotError(
      "model_timeout",
      `${context.model}: no complete answer from ${context.endpoint} before the call's deadline`,
      { cause: error, details: { ...facts, deadline: true } },
    );
  }
  if (isAbortError(error)) {
    return new VsbotError("model_timeout", `${context.model}: call cancelled by the caller`, {
      cause: error,
      details: { ...facts, cancelled: true },
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new VsbotError(
      "model_timeout",
      `${context.model}: no answer from ${context.endpoint} in time (after ${context.attempts} attempt(s))`,
      { cause: error, details: facts },
    );
  }
  if (error instanceof APIConnectionError) {
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    return new VsbotError(
      "model_connection",
      `${context.model}: could not connect to ${context.endpoint}: ${context.redact(reason)}`,
      { cause: error, details: { ...facts, reason: context.redact(reason) } },
    );
  }
  if (error instanceof APIError) return translateStatusError(error, context);
  const message = error instanceof Error ? error.message : String(error);
  return new VsbotError("internal", `${context.model}: ${context.redact(message)}`, {
    cause: error,
    details: facts,
  });
}
