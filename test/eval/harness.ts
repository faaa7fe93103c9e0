import { loadCommands } from "../../src/command-kit/loader.js";
import type { Clock } from "../../src/engine/ports.js";
import type { ModelRunRequest, SavedOutputsRequest } from "../../src/eval/request.js";
import type { EvalDependencies, ModelAccess } from "../../src/eval/run-eval.js";
import { createOpenAIEmbeddings } from "../../src/model/openai-embeddings.js";
import { createOpenAIModel } from "../../src/model/openai-model.js";
import {
  type FakeOpenAI,
  type FakeOpenAIOptions,
  startFakeOpenAI,
} from "../fakes/fake-openai-server.js";
import { captureLogger } from "../helpers/capture-logger.js";

export const EVAL_API_KEY = "sk-eval-test-0123456789";

/** Real time, but retry back-offs pass at once, so tests of retries stay fast. */
const instantSleepClock: Clock = { now: () => Date.now(), sleep: async () => {} };

export interface ProgressRecord {
  readonly name: string;
  readonly total: number;
  advanced: number;
  failed: number;
  finished: boolean;
}

/** The evaluation wired as the CLI wires it, to the real openai client and a fake server. */
export async function createEvalHarness(fakeOptions: FakeOpenAIOptions = {}) {
  const fake: FakeOpenAI = await startFakeOpenAI({ embeddingDimensions: 64, ...fakeOptions });
  const logger = captureLogger([EVAL_API_KEY]);
  const phases: ProgressRecord[] = [];
  const notices: string[] = [];
  const model = createOpenAIModel({
    baseURL: fake.baseURL,
    apiKey: EVAL_API_KEY,
    model: "gpt-4.1",
    timeoutMs: 5000,
    maxRetries: 0,
    structuredOutput: "auto",
    samplingParams: "auto",
    logger,
  });
  const access: ModelAccess = {
    model,
    embedder: createOpenAIEmbeddings({
      baseURL: fake.baseURL,
      apiKey: EVAL_API_KEY,
      model: "text-embedding-3-small",
      timeoutMs: 5000,
      maxRetries: 0,
      logger,
    }),
    demo: false,
    embeddingModel: "text-embedding-3-small",
    sampling: { k: 5, tau: 0.1, wording: "explicit", temperature: 0.7, topP: 1 },
  };
  let connections = 0;
  const dependencies: EvalDependencies = {
    clock: instantSleepClock,
    logger,
    progress: {
      phase(name, total) {
        const record: ProgressRecord = { name, total, advanced: 0, failed: 0, finished: false };
        phases.push(record);
        return {
          advance: (failed) => {
            record.advanced += 1;
            if (failed) record.failed += 1;
          },
          finish: () => {
            record.finished = true;
          },
        };
      },
    },
    connect: async () => {
      connections += 1;
      return access;
    },
    loadCommands: () => loadCommands(),
    notice: (line) => notices.push(line),
  };
  return {
    fake,
    logger,
    phases,
    notices,
    dependencies,
    access,
    connections: () => connections,
    close: () => fake.close(),
  };
}

export function modelRun(overrides: Partial<ModelRunRequest> = {}): ModelRunRequest {
  return {
    source: "model",
    task: "joke",
    methods: ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"],
    n: 10,
    prompts: 2,
    k: 5,
    dryRun: false,
    embeddings: true,
    judge: false,
    rubricFile: undefined,
    baseline: undefined,
    concurrency: 4,
    retries: 0,
    ...overrides,
  };
}

export function savedRun(
  files: readonly string[],
  overrides: Partial<SavedOutputsRequest> = {},
): SavedOutputsRequest {
  return {
    source: "saved-outputs",
    files,
    embeddings: false,
    judge: false,
    rubricFile: undefined,
    baseline: undefined,
    concurrency: 4,
    retries: 0,
    ...overrides,
  };
}
