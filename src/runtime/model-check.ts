import { listServedModels, missingModels } from "../model/served-models.js";
import type { Runtime } from "./runtime.js";

/** The start-up question must not hold a start for long when the server is slow. */
const CHECK_TIMEOUT_MS = 5000;

/**
 * Asks the model server which models it serves. A configured model it does not list is
 * reported at once, with the list and the fix; a server that cannot be reached is reported
 * too, and vsbot starts anyway (the server may come up later). Returns the problem, if any,
 * for the console to show; never throws.
 */
export async function checkServedModels(runtime: Runtime): Promise<string | undefined> {
  const { model } = runtime.config;
  if (model.kind !== "openai") return undefined;
  const served = await listServedModels({
    baseURL: model.baseURL,
    apiKey: model.apiKey,
    timeoutMs: Math.min(CHECK_TIMEOUT_MS, model.timeoutMs),
  });
  if (served.kind === "unlisted") return undefined;
  if (served.kind === "failed") {
    const problem = `Could not ask ${served.endpoint} for its models: ${served.error.userMessage}`;
    runtime.logger.warn("model.check_failed", {
      endpoint: served.endpoint,
      problem,
      error: served.error,
    });
    return problem;
  }
  const missing = missingModels(model.models, served.models);
  if (missing.length === 0) return undefined;
  const list = served.models.length > 0 ? served.models.join(", ") : "none";
  const variable = model.models.length > 1 ? "VSBOT_MODELS" : "VSBOT_MODEL";
  const problem = `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not among the models ${served.endpoint} serves (${list}). Fix: set ${variable} to ${variable === "VSBOT_MODEL" ? "a model" : "models"} it serves, or pull or load the model on the server.`;
  runtime.logger.error("model.not_served", {
    endpoint: served.endpoint,
    missing,
    served: served.models,
    problem,
  });
  return problem;
}
