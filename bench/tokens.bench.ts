import joke from "../commands/joke.js";
import type { SampleCommand } from "../src/command-kit/definition.js";
import type { Method } from "../src/engine/types.js";
import { silentLogger } from "../src/logger.js";
import { createOpenAIModel } from "../src/model/openai-model.js";
import { createStateStore } from "../src/store/create-store.js";
import {
  type FakeReply,
  type RecordedRequest,
  startFakeOpenAI,
} from "../test/fakes/fake-openai-server.js";
import { madeUpWord } from "../test/helpers/distinct-text.js";
import { benchEngine } from "./bench-engine.js";
import { atMost, type Figure, informational, judged } from "./figures.js";

/**
 * Tokens per delivered answer, per method, at 5, 20, 50 and 200 answers of one /joke chain
 * (a command, then "More like this" until that many answers were shown), against vsbot's own
 * `direct`: one fresh call per answer. The real engine and openai client talk to the fake
 * OpenAI-compatible server, which counts tokens as characters / 4 of the messages and of the
 * reply; its model writes new answers of a set length in the shape each prompt asks for, so
 * what differs between methods is what their prompts and replies cost.
 */

export const CHAIN_LENGTHS = [5, 20, 50, 200] as const;
const METHODS: readonly Method[] = ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"];
const VS_METHODS: readonly Method[] = ["vs-standard", "vs-cot", "vs-multi"];
/** 70 characters: a one-line joke, as the issue measured; 400: a long answer. */
const ANSWER_LENGTHS = [70, 400] as const;

export interface ChainPoint {
  readonly answers: number;
  readonly calls: number;
  readonly tokens: number;
  readonly tokensPerAnswer: number;
  /** Tokens per answer over direct's at the same chain length. */
  readonly ratio: number;
}

export interface MethodFigures {
  readonly method: Method;
  readonly points: readonly ChainPoint[];
}

export interface TokenTarget {
  readonly name: string;
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

export interface TokenScenario {
  readonly answerChars: number;
  readonly methods: readonly MethodFigures[];
  readonly targets: readonly TokenTarget[];
}

/** A new answer of about `length` characters, in words no other answer uses. */
function answerText(serial: number, length: number): string {
  let text = `Why did the ${madeUpWord(serial)} ${madeUpWord(serial + 7e5)}?`;
  for (let word = 0; text.length < length; word++) {
    text += ` ${madeUpWord(serial * 97 + word + 1e6)}`;
  }
  return `${text.slice(0, length - 1).trimEnd()}.`;
}

const REASONING =
  "The request allows puns, one-liners, observational jokes and short stories; I will vary the angle and the form.";

/** A model that reads what the prompt asks for (how many, in what shape, below which τ). */
function fakeModel(length: number): (request: RecordedRequest) => FakeReply {
  let serial = 0;
  return (request) => {
    const messages = (request.body.messages ?? []) as { content: string }[];
    const last = messages.at(-1)?.content ?? "";
    const all = messages.map((message) => message.content).join("\n");
    const asked =
      /(?:Generate|Sample|sample) (\d+)/.exec(last) ?? /(?:Generate|sample) (\d+)/.exec(all);
    const count = Number(asked?.[1] ?? 1);
    const format = request.body.response_format as
      | { json_schema?: { schema?: { properties?: Record<string, unknown> } } }
      | undefined;
    const tau = Number(/below (0\.\d+)/.exec(last)?.[1] ?? /below (0\.\d+)/.exec(all)?.[1] ?? 1);
    const texts = Array.from({ length: count }, () => answerText(serial++, length));
    if (!format) {
      return {
        content: all.includes("JSON array of strings") ? JSON.stringify(texts) : (texts[0] ?? ""),
      };
    }
    const responses = texts.map((text, index) => ({
      text,
      probability: Number((Math.min(tau * 0.9, 0.4) / (index + 1)).toFixed(3)),
    }));
    const withReasoning = Boolean(format.json_schema?.schema?.properties?.reasoning);
    return {
      content: JSON.stringify(withReasoning ? { reasoning: REASONING, responses } : { responses }),
    };
  };
}

async function measureChain(method: Method, length: number) {
  const fake = await startFakeOpenAI();
  fake.respondWith(fakeModel(length));
  const store = await createStateStore("memory://", { logger: silentLogger });
  const model = createOpenAIModel({
    baseURL: fake.baseURL,
    apiKey: "bench",
    model: "gpt-4.1",
    timeoutMs: 10_000,
    maxRetries: 0,
    structuredOutput: "auto",
    samplingParams: "auto",
    logger: silentLogger,
  });
  const engine = benchEngine(model, store);
  const spec = (joke as SampleCommand).task(
    { topic: "coffee" },
    { method, k: 5, tau: 0.1, wording: "explicit" },
  );
  const points: { answers: number; calls: number; tokens: number }[] = [];
  let tokens = 0;
  let calls = 0;
  let answers = 0;
  const record = (draw: {
    modelCalls: number;
    usage: { promptTokens: number; completionTokens: number } | null;
    candidates: readonly unknown[];
  }) => {
    calls += draw.modelCalls;
    tokens += (draw.usage?.promptTokens ?? 0) + (draw.usage?.completionTokens ?? 0);
    for (let shown = 0; shown < draw.candidates.length; shown++) {
      answers++;
      if ((CHAIN_LENGTHS as readonly number[]).includes(answers))
        points.push({ answers, calls, tokens });
    }
  };
  const first = await engine.start(spec);
  record(first);
  const longest = Math.max(...CHAIN_LENGTHS);
  while (answers < longest) {
    const draw = await engine.more(first.tailId);
    record(draw);
    if (draw.ended) break;
  }
  await store.close();
  await fake.close();
  return points;
}

/** Every method at every chain length, for each answer length, with the targets. */
export async function measureTokens(): Promise<TokenScenario[]> {
  const scenarios: TokenScenario[] = [];
  for (const answerChars of ANSWER_LENGTHS) {
    const raw = new Map<Method, Awaited<ReturnType<typeof measureChain>>>();
    for (const method of METHODS) raw.set(method, await measureChain(method, answerChars));
    const perAnswer = (method: Method, answers: number) => {
      const point = raw.get(method)?.find((entry) => entry.answers === answers);
      return point ? point.tokens / point.answers : Number.NaN;
    };
    const methods = METHODS.map((method) => ({
      method,
      points: (raw.get(method) ?? []).map((point) => ({
        ...point,
        tokensPerAnswer: point.tokens / point.answers,
        ratio: perAnswer(method, point.answers) / perAnswer("direct", point.answers),
      })),
    }));
    const ratio = (method: Method, answers: number) =>
      perAnswer(method, answers) / perAnswer("direct", answers);
    const targets: TokenTarget[] = [
      ...VS_METHODS.flatMap((method) =>
        [50, 200].map((answers) => ({
          name: `${method} at ${answers} answers`,
          value: ratio(method, answers),
          target: "<= 1.00x direct",
          met: ratio(method, answers) <= 1,
        })),
      ),
      {
        name: "vs-standard at 20 answers",
        value: ratio("vs-standard", 20),
        target: "< 1.00x direct",
        met: ratio("vs-standard", 20) < 1,
      },
    ];
    scenarios.push({ answerChars, methods, targets });
  }
  return scenarios;
}

/**
 * One figure per method and chain length (tokens per answer over direct's), judged where the
 * issue sets a target, and calls per answer at the longest chain.
 */
export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const scenario of await measureTokens()) {
    const chars = `${scenario.answerChars}-char answers`;
    for (const { method, points } of scenario.methods) {
      if (method === "direct") continue;
      for (const answers of CHAIN_LENGTHS) {
        const point = points.find((entry) => entry.answers === answers);
        const name = `${method} tokens per answer at ${answers}, ${chars} / direct`;
        const value = point?.ratio ?? Number.NaN;
        const judgedHere =
          (VS_METHODS.includes(method) && (answers === 50 || answers === 200)) ||
          (method === "vs-standard" && answers === 20);
        const note = point
          ? `${point.tokensPerAnswer.toFixed(0)} tokens per answer (prompt + completion, chars/4), ${point.calls} calls for ${point.answers} answers`
          : "the chain ended before this many answers";
        figures.push(
          judgedHere
            ? judged(name, value, "x", atMost(answers === 20 ? 0.999 : 1), note)
            : informational(name, value, "x", note),
        );
      }
    }
    for (const { method, points } of scenario.methods) {
      const last = points.find((entry) => entry.answers === Math.max(...CHAIN_LENGTHS));
      figures.push(
        informational(
          `${method} calls per answer at ${Math.max(...CHAIN_LENGTHS)}, ${chars}`,
          last ? last.calls / last.answers : Number.NaN,
          "calls",
          last ? `${last.tokensPerAnswer.toFixed(0)} tokens per answer` : undefined,
        ),
      );
    }
  }
  return figures;
}
