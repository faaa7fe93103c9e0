/**
 * Replies for the fake OpenAI server that behave like a mode-collapsed chat model: asked
 * directly it tells nearly the same joke every time; asked for several responses it gives as
 * many different texts as the request asks for, in the shape that method asks for (a plain
 * list for sequence, a reasoning field for VS-CoT). Judge requests get a fixed score.
 * Deterministic for a seed. A request it cannot read is refused with a 500 and recorded in
 * `misread`, so a change of the engine's prompts breaks these tests loudly.
 */

import { createSeededRandom } from "../../src/engine/random.js";
import type { Method } from "../../src/engine/types.js";
import type { FakeHandler, FakeStep, RecordedRequest } from "../fakes/fake-openai-server.js";

const WORDS =
  `amber anchor apple arrow atlas badger banjo barrel beacon bicycle biscuit blanket bottle
bramble bucket cactus candle canyon carpet castle cedar cello cherry chimney cinder clover cobalt
comet copper cricket crystal daisy desert dolphin dragon drum ember falcon feather fern fiddle
flint forest fountain galaxy garden garnet ginger glacier goblin granite harbor harvest hazel
helmet hermit honey horizon iceberg island ivory jacket jasmine jelly jungle kettle kite ladder
lantern lemon lily lobster magnet maple marble meadow mirror mitten monsoon moss nectar needle
nickel oasis ocean olive onion orchid otter paddle pebble pepper pigeon pillow pirate planet
pocket prism pumpkin quartz quill rabbit radish raven ribbon river rocket saddle saffron sapphire
scarf shadow shovel silver sparrow spider spruce squid stone summit sunset thistle thunder tiger
timber tulip tunnel turnip umbrella valley velvet violin walnut willow window winter wizard
yarrow zephyr`.split(/\s+/);

const COLLAPSED = [
  "Why did the coffee file a police report? It got mugged.",
  "Why did the coffee file a police report? It got mugged!",
  "Why did the coffee call the police? It got mugged.",
];

/** VS-CoT's reasoning, "a sentence or two", as the prompt asks. */
const REASONING =
  "The request allows puns, observational jokes, one-liners and short stories with a twist. Spreading the answers over those kinds keeps them from sounding alike.";

export type AskedMethod = Method | "judge";

interface Message {
  readonly role: string;
  readonly content: string;
}

function messagesOf(request: RecordedRequest): Message[] {
  const messages = Array.isArray(request.body.messages) ? request.body.messages : [];
  return messages.map((message) => {
    const { role, content } = message as { role?: unknown; content?: unknown };
    return { role: String(role ?? ""), content: typeof content === "string" ? content : "" };
  });
}

/** How the request asks, read from the engine's own wording; null when it cannot be told. */
export function askedMethod(request: RecordedRequest): AskedMethod | null {
  const format = request.body.response_format as { json_schema?: { name?: string } } | undefined;
  if (format?.json_schema?.name === "quality_score") return "judge";
  const system = messagesOf(request).find((message) => message.role === "system")?.content ?? "";
  if (/Generate one response to the request/.test(system)) return "direct";
  if (/JSON array of strings/.test(system)) return "sequence";
  if (/Over several turns/.test(system)) return "vs-multi";
  if (/"reasoning"/.test(system)) return "vs-cot";
  if (/"responses"/.test(system)) return "vs-standard";
  return null;
}

/** How many responses the request asks for: the latest call for more, else the first request. */
function askedCount(messages: readonly Message[]): number | null {
  const later = messages
    .filter((message) => message.role === "user")
    .map((message) =>
      /\b(?:Generate|Sample) (\d+) (?:more|alternative) responses/.exec(message.content),
    )
    .filter((match) => match !== null)
    .pop();
  const system = messages.find((message) => message.role === "system")?.content ?? "";
  const first = /\b(?:Generate|sample) (\d+)\b/i.exec(system);
  const count = Number(later?.[1] ?? first?.[1]);
  return Number.isInteger(count) && count > 0 ? count : null;
}

/** The request the eval asked (the first user message): what answers are grouped by. */
function requestText(messages: readonly Message[]): string {
  return messages.find((message) => message.role === "user")?.content ?? "";
}

export interface FakeModelOptions {
  readonly seed?: number;
  /** Fails every n-th answer (counting from 1) with a 500, judge calls aside. */
  readonly failEvery?: number;
  /** The texts list replies draw from, when not random words: e.g. the options of a pick. */
  readonly listTexts?: (index: number) => string;
  readonly directText?: (index: number) => string;
  readonly judgeScore?: number;
}

export interface FakeModel {
  readonly handler: FakeHandler;
  /** Requests answered with a 500, by how they asked. */
  readonly failures: Record<AskedMethod, number>;
  readonly answered: Record<AskedMethod, number>;
  /** Requests whose method or count could not be read: each a short description. */
  readonly misread: string[];
  /**
   * Answers wanted but never sent, for one method: over each request (prompt) it was asked
   * with, how far the responses sent fell short of n.
   */
  shortfall(method: Method, n: number): number;
}

function perMethod(): Record<AskedMethod, number> {
  return { direct: 0, sequence: 0, "vs-standard": 0, "vs-cot": 0, "vs-multi": 0, judge: 0 };
}

export function fakeModel(options: FakeModelOptions = {}): FakeModel {
  const random = createSeededRandom(options.seed ?? 11);
  const failures = perMethod();
  const answered = perMethod();
  const misread: string[] = [];
  const delivered = new Map<Method, Map<string, number>>();
  let requests = 0;
  let listed = 0;
  const word = () => WORDS[Math.floor(random.next() * WORDS.length)] ?? "word";
  const sentence = () => `The ${Array.from({ length: 9 }, word).join(" ")}.`;
  const deliver = (method: Method, request: string, count: number) => {
    const byRequest = delivered.get(method) ?? new Map<string, number>();
    byRequest.set(request, (byRequest.get(request) ?? 0) + count);
    delivered.set(method, byRequest);
  };

  const handler: FakeHandler = (request): FakeStep => {
    const method = askedMethod(request);
    const messages = messagesOf(request);
    if (method === "judge") {
      answered.judge += 1;
      return { content: JSON.stringify({ reason: "fine", score: options.judgeScore ?? 7 }) };
    }
    const count = method === "direct" ? 1 : askedCount(messages);
    if (method === null || count === null) {
      misread.push(
        `${method ?? "unknown method"}: ${messages.map((message) => message.content.slice(0, 80)).join(" | ")}`,
      );
      return { status: 500 };
    }
    const asked = requestText(messages);
    deliver(method, asked, 0);
    requests += 1;
    if (options.failEvery !== undefined && requests % options.failEvery === 0) {
      failures[method] += 1;
      return { status: 500 };
    }
    answered[method] += 1;
    deliver(method, asked, count);
    if (method === "direct") {
      const index = answered.direct;
      return {
        content:
          options.directText?.(index) ??
          (random.next() < 0.8 ? COLLAPSED[0] : COLLAPSED[index % 3]) ??
          "",
      };
    }
    const texts = Array.from({ length: count }, () => {
      listed += 1;
      return options.listTexts?.(listed) ?? sentence();
    });
    if (method === "sequence") return { content: JSON.stringify(texts) };
    const responses = texts.map((text) => ({
      text,
      probability: Number((1 / count).toFixed(3)),
    }));
    return {
      content: JSON.stringify(
        method === "vs-cot" ? { reasoning: REASONING, responses } : { responses },
      ),
    };
  };

  return {
    handler,
    failures,
    answered,
    misread,
    shortfall: (method, n) =>
      [...(delivered.get(method)?.values() ?? [])].reduce(
        (sum, sent) => sum + Math.max(0, n - sent),
        0,
      ),
  };
}
