import { performance } from "node:perf_hooks";
import { toVsbotError } from "../engine/errors.js";
import type { ModelClient, ModelRequest, ModelResponse, TokenUsage } from "../engine/ports.js";
import type { Metrics } from "../observability/metrics.js";
import type { CallScope, CallScopes } from "./call-scope.js";

export interface ScopedModelOptions {
  /** One client per model name; the default model's client serves unknown names. */
  readonly clients: ReadonlyMap<string, ModelClient>;
  readonly defaultModel: string;
  readonly scopes: CallScopes;
  readonly metrics: Metrics;
}

const admitted = new WeakSet<CallScope>();

/** Servers that report no usage still cost something: about four characters a token. */
function usageOf(request: ModelRequest, response: ModelResponse): TokenUsage {
  if (response.usage) return response.usage;
  const promptChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return {
    promptTokens: Math.ceil(promptChars / 4),
    completionTokens: Math.ceil(response.text.length / 4),
  };
}

/**
 * The ModelClient the engine sees: each call goes to the model its request's scope chose,
 * passes the scope's admission check once, and is counted in the scope's tally and in the
 * metrics (calls by method and outcome, tokens by kind). Outside any scope it calls the default
 * model, unmetered by scope but still counted in the metrics.
 */
export function createScopedModel(options: ScopedModelOptions): ModelClient {
  const { clients, scopes, metrics } = options;
  const fallback = clients.get(options.defaultModel);
  if (!fallback) throw new Error(`no client for the default model ${options.defaultModel}`);
  const clientFor = (name: string): ModelClient => clients.get(name) ?? fallback;

  const complete = async (request: ModelRequest): Promise<ModelResponse> => {
    const scope = scopes.current();
    const [name, method] = scope
      ? await Promise.all([
          scope.model().catch(() => options.defaultModel),
          scope.method().catch(() => "unknown"),
        ])
      : [options.defaultModel, "unknown"];
    if (scope && !admitted.has(scope)) {
      await scope.admit?.();
      admitted.add(scope);
    }
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let response: ModelResponse;
    try {
      response = await clientFor(name).complete(request);
    } catch (error) {
      if (scope) scope.tally.calls += 1;
      metrics.modelCall(method, toVsbotError(error).code, seconds());
      throw error;
    }
    const usage = usageOf(request, response);
    metrics.modelCall(method, "ok", seconds());
    metrics.tokens("prompt", usage.promptTokens);
    metrics.tokens("completion", usage.completionTokens);
    if (scope) {
      scope.tally.calls += 1;
      scope.tally.promptTokens += usage.promptTokens;
      scope.tally.completionTokens += usage.completionTokens;
    }
    return response;
  };

  return { description: fallback.description, complete };
}

/** The description of the client serving a model name, for reply metadata. */
export function describeModel(
  clients: ReadonlyMap<string, ModelClient>,
  name: string,
): string | undefined {
  return clients.get(name)?.description;
}
