import type OpenAI from "openai";
import { VsbotError } from "../engine/errors.js";
import type { FinishReason, ModelRequest, ModelResponse, TokenUsage } from "../engine/ports.js";
import { type Features, isReasoningModel } from "./model-capabilities.js";

export type CompletionBody = OpenAI.ChatCompletionCreateParamsNonStreaming;

/** What one HTTP request asks of the server, beyond the messages. */
/** The Chat Completions body for a ModelRequest, with only the features the server takes. */
export function buildCompletionBody(
  model: string,
  request: ModelRequest,
  features: Features,
  maxTokens: number | undefined,
): CompletionBody {
  const body: CompletionBody = {
    model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
  if (features.sampling) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
  }
  if (features.structured && request.responseSchema !== undefined) {
    const { name, schema } = request.responseSchema;
    body.response_format = { type: "json_schema", json_schema: { name, schema, strict: true } };
  }
  if (maxTokens !== undefined) {
    if (isReasoningModel(model)) body.max_completion_tokens = maxTokens;
    else body.max_tokens = maxTokens;
  }
  return body;
}

function toFinishReason(reason: string | null | undefined): FinishReason {
  return reason === "stop" || reason === "length" || reason === "content_filter" ? reason : "other";
}

function toUsage(usage: OpenAI.CompletionUsage | undefined): TokenUsage | null {
  if (usage === undefined || usage === null) return null;
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
}

/**
 * The ModelResponse for a completion. Empty content is returned as it is (the engine judges
 * it); a refusal or a reply without choices throws.
 */
export function readCompletion(
  completion: OpenAI.ChatCompletion,
  features: Features,
  requestedModel: string,
): ModelResponse {
  const choice = completion.choices[0];
  const details = { model: requestedModel, completionId: completion.id };
  if (choice === undefined) {
    throw new VsbotError("model_empty", `${requestedModel}: the server returned no choices`, {
      details,
    });
  }
  const refusal = choice.message.refusal;
  if (typeof refusal === "string" && refusal.length > 0) {
    throw new VsbotError("model_refused", `${requestedModel} refused: ${refusal}`, {
      details: { ...details, refusal },
    });
  }
  return {
    text: choice.message.content ?? "",
    finishReason: toFinishReason(choice.finish_reason),
    usage: toUsage(completion.usage),
    model: completion.model || requestedModel,
    structured: features.structured,
  };
}
