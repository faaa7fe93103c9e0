import type { ModelClient, ModelRequest } from "../src/engine/ports.js";
import { silentLogger } from "../src/logger.js";
import { createOpenAIModel } from "../src/model/openai-model.js";
import { createStateStore } from "../src/store/create-store.js";
import { startFakeOpenAI, vsJson } from "../test/fakes/fake-openai-server.js";
import { benchEngine } from "./bench-engine.js";
import { atLeast, atMost, type BenchContext, type Figure, judged } from "./figures.js";
import { formatMs, percentile, summarize, timeMs } from "./stats.js";

const REPLY = `Here you go:\n\`\`\`json\n${JSON.stringify(
  {
    responses: [
      { text: "Why did the coffee file a police report? It got mugged.", probability: 0.34 },
      { text: "Decaf is just coffee that gave up on its dreams.", probability: 0.22 },
      {
        text: "My espresso and I have a strong relationship, but it is a little bitter.",
        probability: 0.18,
      },
      { text: "I like my coffee like my mornings: dark and over too soon.", probability: 0.15 },
      { text: "The barista said have a latte fun; now I cannot sleep.", probability: 0.11 },
    ],
  },
  null,
  2,
)}\n\`\`\``;

/** Answers instantly, so what is timed is the engine alone: parse, sample, state. */
const instantModel: ModelClient = {
  description: "instant",
  async complete(_request: ModelRequest) {
    return { text: REPLY, finishReason: "stop", usage: null, model: "instant", structured: false };
  },
};

const SPEC = {
  task: "joke",
  instruction: 'Tell me a joke about "coffee".',
  subject: "coffee",
  method: "vs-standard",
  k: 5,
  tau: 0.1,
  wording: "explicit",
} as const;

/** CPU milliseconds (user + system) that `work` takes, per iteration. */
async function cpuPerIteration(iterations: number, work: (index: number) => Promise<unknown>) {
  const before = process.cpuUsage();
  for (let index = 0; index < iterations; index++) await work(index);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / iterations;
}

/**
 * Engine overhead as CPU time (which other work on the machine barely moves, unlike wall
 * percentiles), and a tail click against a fresh model call measured in the same run.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const store = await createStateStore("memory://", { logger: silentLogger });
  const engine = benchEngine(instantModel, store);
  for (let warm = 0; warm < 500; warm++) await engine.start(SPEC);
  const tailIds: string[] = [];
  const startCpu = await cpuPerIteration(5000, async () => {
    tailIds.push((await engine.start(SPEC)).tailId);
  });
  const claimCpu = await cpuPerIteration(tailIds.length, (index) =>
    engine.more(tailIds[index] ?? ""),
  );
  await store.close();
  context.log(
    `engine CPU per new request ${startCpu.toFixed(3)} ms, per tail click ${claimCpu.toFixed(3)} ms`,
  );

  const fake = await startFakeOpenAI({ latencyMs: 500 });
  fake.respondWith(() => ({
    content: vsJson([
      ["one", 0.4],
      ["two", 0.3],
      ["three", 0.2],
      ["four", 0.06],
      ["five", 0.04],
    ]),
  }));
  const httpStore = await createStateStore("memory://", { logger: silentLogger });
  const httpEngine = benchEngine(
    createOpenAIModel({
      baseURL: fake.baseURL,
      apiKey: "bench",
      model: "gpt-4.1",
      timeoutMs: 10_000,
      maxRetries: 0,
      structuredOutput: "auto",
      samplingParams: "auto",
      logger: silentLogger,
    }),
    httpStore,
  );
  const fresh: number[] = [];
  const tail: number[] = [];
  for (let round = 0; round < 20; round++) {
    let tailId = "";
    fresh.push(
      await timeMs(async () => {
        tailId = (await httpEngine.start(SPEC)).tailId;
      }),
    );
    for (let click = 0; click < 4; click++) tail.push(await timeMs(() => httpEngine.more(tailId)));
  }
  await httpStore.close();
  await fake.close();
  const freshSummary = summarize(fresh);
  const sortedTail = [...tail].sort((left, right) => left - right);
  const tailP50 = percentile(sortedTail, 0.5);
  const tailP95 = percentile(sortedTail, 0.95);
  return [
    judged(
      "engine CPU per new request (parse + sample + store)",
      startCpu,
      "ms CPU",
      atMost(0.5),
      "5000 requests, k=5, an instant in-process model, memory store; CPU time of the process",
    ),
    judged(
      "engine CPU per tail click",
      claimCpu,
      "ms CPU",
      atMost(0.25),
      "5000 clicks served from the tail, memory store",
    ),
    judged(
      "fresh model call / tail click, p50s",
      freshSummary.p50 / tailP50,
      "x",
      atLeast(100),
      `real openai client, fake server taking 500 ms: fresh p50 ${formatMs(freshSummary.p50)}, tail click p50 ${formatMs(tailP50)} and p95 ${formatMs(tailP95)} (n=${tail.length}), same run`,
    ),
  ];
}
