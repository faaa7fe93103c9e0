import type { ModelClient, ModelRequest } from "../src/engine/ports.js";
import { silentLogger } from "../src/logger.js";
import { createOpenAIModel } from "../src/model/openai-model.js";
import { createStateStore } from "../src/store/create-store.js";
import { startFakeOpenAI, vsJson } from "../test/fakes/fake-openai-server.js";
import { benchEngine } from "./bench-engine.js";
import { formatMs, summarize, timeMs, verdict } from "./stats.js";

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

export async function run(print: (line: string) => void): Promise<void> {
  const store = await createStateStore("memory://", { logger: silentLogger });
  const engine = benchEngine(instantModel, store);
  for (let warm = 0; warm < 500; warm++) await engine.start(SPEC);

  const starts: number[] = [];
  const tailIds: string[] = [];
  for (let iteration = 0; iteration < 5000; iteration++) {
    let tailId = "";
    starts.push(
      await timeMs(async () => {
        tailId = (await engine.start(SPEC)).tailId;
      }),
    );
    tailIds.push(tailId);
  }
  const claims: number[] = [];
  for (const tailId of tailIds) claims.push(await timeMs(() => engine.more(tailId)));
  const start = summarize(starts);
  const claim = summarize(claims);
  print(
    "Engine overhead per request, k=5, model time excluded (instant in-process model, memory store):",
  );
  print(
    `  new request (parse + sample + store): p50 ${formatMs(start.p50)}, p99 ${formatMs(start.p99)} over ${start.count}; target p99 < 2 ms: ${verdict(start.p99 < 2)}`,
  );
  print(
    `  tail claim (more from the tail):      p50 ${formatMs(claim.p50)}, p99 ${formatMs(claim.p99)} over ${claim.count}`,
  );
  await store.close();

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
  for (let round = 0; round < 10; round++) {
    let tailId = "";
    fresh.push(
      await timeMs(async () => {
        tailId = (await httpEngine.start(SPEC)).tailId;
      }),
    );
    for (let click = 0; click < 4; click++) tail.push(await timeMs(() => httpEngine.more(tailId)));
  }
  const freshSummary = summarize(fresh);
  const tailSummary = summarize(tail);
  const ratio = freshSummary.p50 / tailSummary.p50;
  const worstCase = freshSummary.p50 / tailSummary.p99;
  print(
    "More like this from the tail vs a fresh model call (real openai client, fake server taking 500 ms):",
  );
  print(`  fresh call: p50 ${formatMs(freshSummary.p50)} over ${freshSummary.count}`);
  print(
    `  tail more:  p50 ${formatMs(tailSummary.p50)}, p99 ${formatMs(tailSummary.p99)} over ${tailSummary.count}`,
  );
  print(
    `  ratio: ${ratio.toFixed(0)}x faster at p50, ${worstCase.toFixed(0)}x against the tail's p99; target at least 100x: ${verdict(worstCase >= 100)}`,
  );
  await httpStore.close();
  await fake.close();
}
