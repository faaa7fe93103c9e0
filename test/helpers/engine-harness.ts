import { VsEngine } from "../../src/engine/engine.js";
import type { Clock } from "../../src/engine/ports.js";
import { createSeededRandom } from "../../src/engine/random.js";
import type { TaskSpec } from "../../src/engine/task.js";
import { createOpenAIModel } from "../../src/model/openai-model.js";
import { createRandomId } from "../../src/runtime/system.js";
import { createStateStore } from "../../src/store/create-store.js";
import {
  type FakeOpenAIOptions,
  type RecordedRequest,
  startFakeOpenAI,
  vsJson,
} from "../fakes/fake-openai-server.js";
import { captureLogger } from "./capture-logger.js";
import { madeUpWords } from "./distinct-text.js";

export const TEST_API_KEY = "sk-test-0123456789abcdef";

/** A VS-Standard coffee joke task, k=5, τ=0.1: the engine tests' usual request. */
export const JOKE_SPEC: TaskSpec = {
  task: "joke",
  instruction: 'Tell me a joke about "coffee".',
  subject: "coffee",
  guidance: "You are a comedy writer.",
  method: "vs-standard",
  k: 5,
  tau: 0.1,
  wording: "explicit",
};

export interface HarnessOptions {
  readonly seed?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly fake?: FakeOpenAIOptions;
  readonly storeUrl?: string;
  readonly refillLeaseMs?: number;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The real engine, the real openai client and a fake OpenAI-compatible server on loopback. */
export async function createEngineHarness(options: HarnessOptions = {}) {
  const fake = await startFakeOpenAI(options.fake ?? {});
  const logger = captureLogger([TEST_API_KEY]);
  const model = createOpenAIModel({
    baseURL: fake.baseURL,
    apiKey: TEST_API_KEY,
    model: "gpt-4.1",
    timeoutMs: options.timeoutMs ?? 5000,
    maxRetries: options.retries ?? 0,
    structuredOutput: "auto",
    samplingParams: "auto",
    logger,
  });
  const store = await createStateStore(options.storeUrl ?? "memory://", { logger });
  const engine = new VsEngine({
    model,
    store,
    random: createSeededRandom(options.seed ?? 7),
    clock: realClock,
    logger,
    createId: createRandomId,
    weights: { mode: "verbalized", temperature: 1 },
    decoding: { temperature: 0.7, topP: 1 },
    tailTtlMs: 60_000,
    refillLeaseMs: options.refillLeaseMs ?? 10_000,
    pollMs: 10,
  });
  const spec = (overrides: Partial<TaskSpec> = {}): TaskSpec => ({ ...JOKE_SPEC, ...overrides });
  return {
    fake,
    engine,
    store,
    logger,
    spec,
    async close() {
      await store.close();
      await fake.close();
    },
  };
}

/**
 * A model that never repeats itself: request n answers "Joke n.1: ..." to "Joke n.k: ...",
 * each with words of its own, so no two are near-duplicates.
 */
export function freshJokes(k = 5): (request: RecordedRequest) => { content: string } {
  let calls = 0;
  return () => {
    calls += 1;
    const round = calls;
    return {
      content: vsJson(
        Array.from({ length: k }, (_, index) => [
          `Joke ${round}.${index + 1}: ${madeUpWords(round * 1000 + index)}.`,
          Number((0.4 - index * 0.07).toFixed(2)),
        ]),
      ),
    };
  };
}

/** All text the model was sent in one recorded request, for prompt assertions. */
export function promptText(request: RecordedRequest | undefined): string {
  const messages = (request?.body.messages ?? []) as { content: string }[];
  return messages.map((message) => message.content).join("\n");
}
