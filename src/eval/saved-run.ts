import { checkBaseline, completeReport } from "./complete-report.js";
import { type EvalDependencies, invalidRequest, type ModelAccess } from "./dependencies.js";
import type { SavedOutputsRequest } from "./request.js";
import { readSavedOutputs, savedOutputSources } from "./saved-outputs.js";
import type { EvalReport } from "./types.js";

/** `vsbot eval --from-jsonl`: saved outputs, measured; a model only for embeddings or a judge. */
export async function savedOutputsRun(
  request: SavedOutputsRequest,
  dependencies: EvalDependencies,
  startedAt: string,
): Promise<EvalReport> {
  const sources = savedOutputSources(request.files);
  checkBaseline(
    sources.map((source) => source.label),
    request.baseline,
  );
  const read = await Promise.all(sources.map(readSavedOutputs));
  const needsModel = request.embeddings || request.judge;
  const access = needsModel ? await dependencies.connect() : null;
  if (access?.demo) {
    throw invalidRequest(
      `${request.judge ? "--judge" : "--embeddings"} needs a model server: set OPENAI_BASE_URL (and VSBOT_EMBEDDING_MODEL) or OPENAI_API_KEY.`,
    );
  }
  return completeReport(
    request,
    {
      samples: read.map((file) => file.samples),
      warnings: read.flatMap((file) => file.warnings),
      access,
    },
    dependencies,
    {
      source: "saved-outputs",
      task: null,
      files: Object.fromEntries(sources.map((source) => [source.label, source.file])),
      model: judgeModelName(request, access),
      methods: null,
      n: null,
      k: null,
      tau: null,
      wording: null,
      temperature: null,
      topP: null,
      concurrency: needsModel ? request.concurrency : null,
      retries: needsModel ? request.retries : null,
      startedAt,
    },
  );
}

function judgeModelName(request: SavedOutputsRequest, access: ModelAccess | null): string | null {
  return request.judge && access && !access.demo ? access.model.description : null;
}
