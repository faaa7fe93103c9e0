import OpenAI, { NotFoundError } from "openai";
import type { VsbotError } from "../engine/errors.js";
import { endpointLabel } from "./sdk-client.js";
import { translateOpenAIError } from "./translate-error.js";

export interface ServerAddress {
  readonly baseURL: string | undefined;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
}

export type ServedModels =
  | { readonly kind: "listed"; readonly models: readonly string[]; readonly endpoint: string }
  /** The server has no model list (404 on GET /models); nothing can be checked. */
  | { readonly kind: "unlisted"; readonly endpoint: string }
  | { readonly kind: "failed"; readonly error: VsbotError; readonly endpoint: string };

/** Ollama lists "llama3.2:latest" for "llama3.2"; Gemini's endpoint lists "models/gemini-…". */
function comparable(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^models\//, "")
    .replace(/:latest$/, "");
}

/** The names among `wanted` that the server does not list. */
export function missingModels(wanted: readonly string[], served: readonly string[]): string[] {
  const known = new Set(served.map(comparable));
  return wanted.filter((name) => !known.has(comparable(name)));
}

/** GET /models through the openai SDK, with no retries: a quick question at start and in doctor. */
export async function listServedModels(address: ServerAddress): Promise<ServedModels> {
  const endpoint = endpointLabel(address.baseURL);
  const apiKey = address.apiKey?.trim() || "vsbot-no-key";
  const client = new OpenAI({
    apiKey,
    baseURL: address.baseURL ?? null,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: address.timeoutMs,
    maxRetries: 0,
    logLevel: "off",
  });
  try {
    const models: string[] = [];
    for await (const model of client.models.list()) models.push(model.id);
    return { kind: "listed", models, endpoint };
  } catch (error) {
    if (error instanceof NotFoundError) return { kind: "unlisted", endpoint };
    const redact = (text: string) => (apiKey ? text.split(apiKey).join("[redacted]") : text);
    return {
      kind: "failed",
      endpoint,
      error: translateOpenAIError(error, { model: "(model list)", endpoint, attempts: 1, redact }),
    };
  }
}
