import type { Config } from "../../config/index.js";
import type { ErrorCode } from "../../engine/errors.js";
import { listServedModels, missingModels } from "../../model/served-models.js";
import { type CheckResult, fail, ok, warn } from "./check.js";

const DOCTOR_TIMEOUT_MS = 10_000;

const FIXES: Partial<Record<ErrorCode, string>> = {
  model_connection:
    "check OPENAI_BASE_URL (with its /v1 suffix) and that the model server is running and reachable from here.",
  model_auth: "check OPENAI_API_KEY: the server refused it.",
  model_timeout:
    "the server did not answer in 10 s; check it is not overloaded, or OPENAI_BASE_URL.",
};

/** The model server answers, and serves every configured model. */
export async function checkModel(config: Config): Promise<CheckResult> {
  const model = config.model;
  if (model.kind === "demo") {
    return ok(
      "model",
      "the offline demo model answers (no OPENAI_API_KEY or OPENAI_BASE_URL is set); set one of them for a real model.",
    );
  }
  const served = await listServedModels({
    baseURL: model.baseURL,
    apiKey: model.apiKey,
    timeoutMs: DOCTOR_TIMEOUT_MS,
  });
  if (served.kind === "failed") {
    return fail(
      "model",
      `${served.endpoint} could not be asked for its models: ${served.error.message}`,
      FIXES[served.error.code] ??
        `check OPENAI_BASE_URL and the server's logs (${served.error.code}).`,
    );
  }
  if (served.kind === "unlisted") {
    return warn(
      "model",
      `${served.endpoint} answers but does not list its models (404 on /models), so ${model.models.join(", ")} could not be checked.`,
    );
  }
  const missing = missingModels(model.models, served.models);
  const list = served.models.length > 0 ? served.models.join(", ") : "none";
  if (missing.length > 0) {
    const variable = model.models.length > 1 ? "VSBOT_MODELS" : "VSBOT_MODEL";
    return fail(
      "model",
      `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not among the models ${served.endpoint} serves: ${list}.`,
      `set ${variable} to ${variable === "VSBOT_MODEL" ? "a model" : "models"} it serves (e.g. ${variable}=${served.models[0] ?? "<name>"}), or pull or load the model on the server.`,
    );
  }
  return ok("model", `${served.endpoint} serves ${model.models.join(", ")}.`);
}
