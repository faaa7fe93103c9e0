import type { EvalDependencies } from "./dependencies.js";
import { modelRun } from "./model-run.js";
import type { EvalRequest } from "./request.js";
import { savedOutputsRun } from "./saved-run.js";
import type { EvalReport } from "./types.js";

export type { EvalDependencies, ModelAccess } from "./dependencies.js";

/**
 * One `vsbot eval`: reads saved outputs or asks the configured model, measures every label,
 * and returns the report (null after a dry run, which only prints the estimate).
 */
export async function runEval(
  request: EvalRequest,
  dependencies: EvalDependencies,
): Promise<EvalReport | null> {
  const startedAt = new Date(dependencies.clock.now()).toISOString();
  return request.source === "saved-outputs"
    ? savedOutputsRun(request, dependencies, startedAt)
    : modelRun(request, dependencies, startedAt);
}
