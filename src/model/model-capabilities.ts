import { APIError } from "openai";

/** Which optional request features a server accepts. */
export interface Features {
  readonly structured: boolean;
  readonly sampling: boolean;
}

/** "openai/o3-mini" → "o3-mini": routers such as OpenRouter prefix the provider. */
function baseModelName(model: string): string {
  return model.slice(model.lastIndexOf("/") + 1).toLowerCase();
}

/**
 * Reasoning models (o1, o3-mini, o4-mini, the gpt-5 family) refuse `temperature` and `top_p`
 * and count their limit as `max_completion_tokens`.
 */
export function isReasoningModel(model: string): boolean {
  const name = baseModelName(model);
  return /^o\d/.test(name) || /^gpt-5(?:$|[-.:])/.test(name);
}

function rejectionText(error: unknown, statuses: readonly number[]): string | undefined {
  if (!(error instanceof APIError) || error.status === undefined) return undefined;
  if (!statuses.includes(error.status)) return undefined;
  return [error.message, error.param, error.code].filter(Boolean).join(" ");
}

/** A 400/422 saying the server cannot do `response_format: json_schema` (or this schema). */
export function isStructuredOutputRejection(error: unknown): boolean {
  const text = rejectionText(error, [400, 422]);
  return text !== undefined && /response_format|json_schema|structured/i.test(text);
}

/** A 400 saying this model does not take `temperature` or `top_p`. */
export function isSamplingParamsRejection(error: unknown): boolean {
  const text = rejectionText(error, [400]);
  return (
    text !== undefined &&
    /temperature|top_p/i.test(text) &&
    /unsupported|not supported|does not support|only the default/i.test(text)
  );
}

/** The feature a server error says it cannot take, among those the request used. */
export function rejectedFeature(error: unknown, features: Features): keyof Features | undefined {
  if (features.sampling && isSamplingParamsRejection(error)) return "sampling";
  if (features.structured && isStructuredOutputRejection(error)) return "structured";
  return undefined;
}
