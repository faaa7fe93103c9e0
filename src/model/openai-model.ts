import type OpenAI from "openai";
import { VsbotError } from "../engine/errors.js";
import type { Logger, ModelClient, ModelRequest, ModelResponse } from "../engine/ports.js";
import { buildCompletionBody, readCompletion } from "./chat-completion.js";
import type { Features } from "./model-capabilities.js";
import { isReasoningModel, rejectedFeature } from "./model-capabilities.js";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  limitResponseSize,
  ResponseTooLargeError,
} from "./response-size.js";
import { createSdkClient } from "./sdk-client.js";
import { translateOpenAIError } from "./translate-error.js";

/** "auto" tries a feature and drops it for good once the server rejects it. */
export type FeatureMode = "auto" | "on" | "off";

export interface OpenAIModelOptions {
  /** An OpenAI-compatible endpoint ending in /v1; the OpenAI API when absent. */
  readonly baseURL?: string;
  /** Optional with a baseURL (Ollama, LM Studio); a placeholder is sent instead. */
  readonly apiKey?: string;
  readonly model: string;
  /** Per HTTP attempt; retries get a fresh timeout each. */
  readonly timeoutMs: number;
  /** Retries of 408/409/429/5xx and connection failures, done by the SDK with backoff. */
  readonly maxRetries: number;
  readonly structuredOutput: FeatureMode;
  /** Whether `temperature`/`top_p` are sent; "auto" leaves them out for reasoning models. */
  readonly samplingParams: FeatureMode;
  readonly maxTokens?: number;
  /**
   * The longest one call may take, every attempt and wait included (VSBOT_REQUEST_TIMEOUT);
   * it shortens the deadline the timeout and retries would give, never lengthens it.
   */
  readonly callDeadlineMs?: number;
  /** Response bodies larger than this are cut off while being read, and the call fails. */
  readonly maxResponseBytes?: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** A response cut off at the size bound, wherever the SDK surfaced it. */
function tooLarge(error: unknown, model: string): VsbotError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof ResponseTooLargeError) {
      const size =
        current.limitBytes >= 1024 * 1024
          ? `${Math.round((current.limitBytes / (1024 * 1024)) * 10) / 10} MB`
          : `${Math.round(current.limitBytes / 1024)} KB`;
      return new VsbotError(
        "output_truncated",
        `${model}: ${current.message}; the read stopped there`,
        {
          cause: error,
          userMessage: `The model's reply was larger than ${size}, so I stopped reading it. Please try again; a smaller VSBOT_MAX_TOKENS keeps replies short.`,
          details: { limitBytes: current.limitBytes },
        },
      );
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * A ModelClient over the official `openai` SDK, for OpenAI and compatible servers (vLLM, Ollama,
 * LM Studio, OpenRouter). It relies on the SDK for retries and timeouts, adapts to what the
 * server accepts (structured output, sampling parameters), and throws only VsbotError.
 */
export function createOpenAIModel(options: OpenAIModelOptions): ModelClient {
  const { model, logger } = options;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { client, endpoint, redact, retriesDeadlineMs, countAttempts } = createSdkClient({
    ...options,
    wrapResponse: (response) => limitResponseSize(response, maxResponseBytes),
  });
  const callDeadlineMs = Math.min(
    retriesDeadlineMs,
    options.callDeadlineMs ?? Number.POSITIVE_INFINITY,
  );
  const supported = { structured: true, sampling: true };

  const modes = { structured: options.structuredOutput, sampling: options.samplingParams };
  const allowed = (feature: keyof Features): boolean =>
    modes[feature] === "on" || (modes[feature] === "auto" && supported[feature]);

  const wantedFeatures = (request: ModelRequest): Features => {
    const hasSampling = request.temperature !== undefined || request.topP !== undefined;
    const refusesSampling = modes.sampling === "auto" && isReasoningModel(model);
    return {
      structured: request.responseSchema !== undefined && allowed("structured"),
      sampling: hasSampling && allowed("sampling") && !refusesSampling,
    };
  };

  /** Drops a feature the server just rejected, if its mode is "auto"; false when none applies. */
  const fallBack = (error: unknown, features: Features, fallbacks: string[]): boolean => {
    const feature = rejectedFeature(error, features);
    if (feature === undefined || modes[feature] !== "auto") return false;
    supported[feature] = false;
    fallbacks.push(feature);
    const reason = error instanceof Error ? redact(error.message) : String(error);
    logger.warn("model.feature_unsupported", { model, endpoint, feature, reason });
    return true;
  };

  const complete = async (request: ModelRequest): Promise<ModelResponse> => {
    const startedAt = performance.now();
    const counter = { count: 0 };
    // The SDK's timeout stops at the response headers; a body that stalls after them would
    // hang the call for good. This deadline covers every attempt and every wait between.
    const deadline = AbortSignal.timeout(callDeadlineMs);
    // AbortSignal.any arrived in Node 20.3; before it, the deadline alone applies.
    const signal =
      request.signal && typeof AbortSignal.any === "function"
        ? AbortSignal.any([request.signal, deadline])
        : (request.signal ?? deadline);
    const requestOptions = { signal };
    const fallbacks: string[] = [];
    const durationMs = () => Math.round(performance.now() - startedAt);
    try {
      for (;;) {
        const features = wantedFeatures(request);
        const body = buildCompletionBody(model, request, features, options.maxTokens);
        let completion: OpenAI.ChatCompletion;
        try {
          completion = await countAttempts(counter, () =>
            client.chat.completions.create(body, requestOptions),
          );
        } catch (error) {
          if (fallBack(error, features, fallbacks)) continue;
          throw error;
        }
        const response = readCompletion(completion, features, model);
        logger.info("model.call", {
          model,
          servedModel: response.model,
          endpoint,
          durationMs: durationMs(),
          finishReason: response.finishReason,
          usage: response.usage,
          structured: response.structured,
          attempts: counter.count,
          fallbacks,
        });
        return response;
      }
    } catch (error) {
      const translated =
        tooLarge(error, model) ??
        translateOpenAIError(error, {
          model,
          endpoint,
          attempts: counter.count,
          redact,
        });
      logger.warn("model.call", {
        model,
        endpoint,
        durationMs: durationMs(),
        code: translated.code,
        message: translated.message,
        status: translated.details.status ?? null,
        attempts: counter.count,
        fallbacks,
      });
      throw translated;
    }
  };

  return { description: `${model} at ${endpoint}`, complete };
}
