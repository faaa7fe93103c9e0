import { VsbotError } from "../engine/errors.js";
import type { Logger } from "../engine/ports.js";
import { createSdkClient } from "./sdk-client.js";
import { translateOpenAIError } from "./translate-error.js";

export interface OpenAIEmbeddingsOptions {
  /** An OpenAI-compatible endpoint ending in /v1; the OpenAI API when absent. */
  readonly baseURL?: string;
  /** Optional with a baseURL (local servers); a placeholder is sent instead. */
  readonly apiKey?: string;
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** What `createOpenAIEmbeddings` returns: the shape of src/eval's Embedder port. */
export interface OpenAIEmbeddings {
  readonly description: string;
  embed(texts: readonly string[]): Promise<{
    readonly vectors: readonly (readonly number[])[];
    readonly promptTokens: number | null;
  }>;
}

function invalidReply(message: string, details: Record<string, unknown>): VsbotError {
  return new VsbotError("model_bad_request", message, {
    details,
    userMessage: `The embeddings server gave an unusable reply (${message}). Check VSBOT_EMBEDDING_MODEL.`,
  });
}

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` through the official SDK, which
 * retries 408/409/429/5xx and dropped connections. Throws only VsbotError.
 */
export function createOpenAIEmbeddings(options: OpenAIEmbeddingsOptions): OpenAIEmbeddings {
  const { model, logger } = options;
  const { client, endpoint, redact, retriesDeadlineMs, countAttempts } = createSdkClient(options);

  const embed: OpenAIEmbeddings["embed"] = async (texts) => {
    if (texts.length === 0) return { vectors: [], promptTokens: 0 };
    const counter = { count: 0 };
    // The SDK's timeout stops at the response headers; this deadline covers the whole call.
    const signal = AbortSignal.timeout(retriesDeadlineMs);
    try {
      // "float" asked for outright: many compatible servers ignore the SDK's default base64
      // request and send plain numbers, which the SDK would then decode as base64.
      const response = await countAttempts(counter, () =>
        client.embeddings.create(
          { model, input: [...texts], encoding_format: "float" },
          { signal },
        ),
      );
      const vectors: number[][] = new Array(texts.length);
      for (const item of response.data ?? []) {
        const embedding: unknown = item.embedding;
        if (
          !Number.isInteger(item.index) ||
          item.index < 0 ||
          item.index >= texts.length ||
          !Array.isArray(embedding) ||
          !embedding.every((value) => typeof value === "number" && Number.isFinite(value))
        ) {
          throw invalidReply("an embedding is not a list of numbers at a valid index", {
            model,
            endpoint,
          });
        }
        vectors[item.index] = embedding as number[];
      }
      const missing = texts.length - vectors.filter(Array.isArray).length;
      if (missing > 0) {
        throw invalidReply(`${missing} of ${texts.length} embeddings missing`, { model, endpoint });
      }
      return { vectors, promptTokens: response.usage?.prompt_tokens ?? null };
    } catch (error) {
      const translated = translateOpenAIError(error, {
        model,
        endpoint,
        attempts: counter.count,
        redact,
      });
      logger.warn("model.embeddings", {
        model,
        endpoint,
        code: translated.code,
        message: translated.message,
        attempts: counter.count,
      });
      throw translated;
    }
  };

  return { description: `${model} at ${endpoint}`, embed };
}
