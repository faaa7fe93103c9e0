import { z } from "zod";
import { ConfigError } from "./errors.js";
import {
  type AutoOnOff,
  autoOnOff,
  commaList,
  duration,
  httpUrl,
  integer,
  secret,
} from "./fields.js";
import { defineArea, variable } from "./variable.js";

export type ModelConfig =
  | { readonly kind: "demo"; readonly latencyMs: number }
  | {
      readonly kind: "openai";
      readonly apiKey: string | undefined;
      readonly baseURL: string | undefined;
      /** The default model: the first of VSBOT_MODELS, else VSBOT_MODEL. */
      readonly model: string;
      /** Every model a channel or server may choose with /vs settings; the default first. */
      readonly models: readonly string[];
      readonly timeoutMs: number;
      readonly maxRetries: number;
      readonly maxTokens: number | undefined;
      readonly structuredOutput: AutoOnOff;
      readonly samplingParams: AutoOnOff;
    };

/** The model server; with no key and no base URL, the offline demo model. */
export const modelArea = defineArea({
  title: "Model (leave both OPENAI_ variables unset to use the offline demo model)",
  variables: {
    OPENAI_API_KEY: variable(secret, {
      help: "API key for the model server. With neither this nor OPENAI_BASE_URL, vsbot runs the offline demo model.",
      example: "sk-...",
      fallback: "unset",
      secret: true,
    }),
    OPENAI_BASE_URL: variable(httpUrl, {
      help: "Any OpenAI-compatible server, including the /v1 suffix (Ollama, vLLM, LM Studio, OpenRouter).",
      example: "http://localhost:11434/v1",
      fallback: "unset (OpenAI's API when only a key is set)",
    }),
    VSBOT_MODEL: variable(z.string().default("gpt-4.1-mini"), {
      help: "Model name as the server knows it.",
      example: "gpt-4.1-mini",
      fallback: "gpt-4.1-mini",
    }),
    VSBOT_MODELS: variable(commaList, {
      help: "Comma-separated models that /vs settings model:<name> may choose per channel or server; the first is the default (and VSBOT_MODEL, if set, must be it).",
      example: "llama3.2,qwen2.5",
      fallback: "unset (only VSBOT_MODEL)",
    }),
    VSBOT_MODEL_TIMEOUT: variable(duration("60s"), {
      help: "Timeout per model request attempt; a whole call, retries and their waits included, gets at most (retries + 1) times this plus 20 s per retry.",
      example: "60s",
      fallback: "60s",
    }),
    VSBOT_MODEL_RETRIES: variable(integer(2, 0, 10), {
      help: "Retries on rate limits (429), server errors and dropped connections, honouring Retry-After.",
      example: "2",
      fallback: "2",
    }),
    VSBOT_MAX_TOKENS: variable(integer(0, 0, 200_000), {
      help: "Cap on tokens per model reply; 0 leaves it to the server.",
      example: "0",
      fallback: "0",
    }),
    VSBOT_STRUCTURED_OUTPUT: variable(autoOnOff.default("auto"), {
      help: "JSON-schema structured output: auto (use it, fall back when the server refuses), on, off.",
      example: "auto",
      fallback: "auto",
    }),
    VSBOT_SAMPLING_PARAMS: variable(autoOnOff.default("auto"), {
      help: "Send temperature/top-p: auto (not to reasoning models that refuse them), on, off.",
      example: "auto",
      fallback: "auto",
    }),
    VSBOT_EMBEDDING_MODEL: variable(z.string().default("text-embedding-3-small"), {
      help: "Embedding model on the same server, for the semantic diversity of `vsbot eval` (its /v1/embeddings).",
      example: "text-embedding-3-small",
      fallback: "text-embedding-3-small",
    }),
    VSBOT_DEMO_LATENCY: variable(duration("0"), {
      help: "Simulated latency of the offline demo model.",
      example: "0",
      fallback: "0",
    }),
  },
  read: (values, given): { readonly model: ModelConfig; readonly embeddingModel: string } => {
    const demo = values.OPENAI_API_KEY === undefined && values.OPENAI_BASE_URL === undefined;
    const models = [...new Set(values.VSBOT_MODELS)];
    const [first] = models;
    if (first !== undefined && given.has("VSBOT_MODEL") && values.VSBOT_MODEL !== first) {
      throw new ConfigError([
        `VSBOT_MODEL=${values.VSBOT_MODEL} is not the first of VSBOT_MODELS (${models.join(",")}), whose first entry is the default. Fix: remove VSBOT_MODEL, or put ${values.VSBOT_MODEL} first in VSBOT_MODELS.`,
      ]);
    }
    const model = first ?? values.VSBOT_MODEL;
    return {
      model: demo
        ? { kind: "demo", latencyMs: values.VSBOT_DEMO_LATENCY ?? 0 }
        : {
            kind: "openai",
            apiKey: values.OPENAI_API_KEY,
            baseURL: values.OPENAI_BASE_URL,
            model,
            models: first === undefined ? [model] : models,
            timeoutMs: values.VSBOT_MODEL_TIMEOUT ?? 600_000,
            maxRetries: values.VSBOT_MODEL_RETRIES,
            maxTokens: values.VSBOT_MAX_TOKENS > 0 ? values.VSBOT_MAX_TOKENS : undefined,
            structuredOutput: values.VSBOT_STRUCTURED_OUTPUT,
            samplingParams: values.VSBOT_SAMPLING_PARAMS,
          },
      /** For `vsbot eval`; the offline demo model has no embeddings. */
      embeddingModel: values.VSBOT_EMBEDDING_MODEL,
    };
  },
});
