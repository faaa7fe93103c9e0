/**
 * Replies for the fake OpenAI server that behave like a mode-collapsed chat model: asked
 * directly it tells nearly the same joke every time; asked for a verbalized distribution it
 * gives k different texts. Judge requests get a fixed score. Deterministic for a seed.
 */
import { createSeededRandom } from "../../src/engine/random.js";
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

export type AskedMethod = "direct" | "list" | "judge";

function systemPrompt(request: RecordedRequest): string {
  const messages = Array.isArray(request.body.messages) ? request.body.messages : [];
  const first = messages[0] as { role?: unknown; content?: unknown } | undefined;
  return first?.role === "system" && typeof first.content === "string" ? first.content : "";
}

/** How the request asks: one answer, a list of k, or a judgement. */
export function askedMethod(request: RecordedRequest): AskedMethod {
  const format = request.body.response_format as { json_schema?: { name?: string } } | undefined;
  if (format?.json_schema?.name === "quality_score") return "judge";
  return systemPrompt(request).includes("Reply with the response itself only") ? "direct" : "list";
}

function askedCount(request: RecordedRequest): number {
  const messages = Array.isArray(request.body.messages) ? request.body.messages : [];
  const text = messages
    .map((message) => String((message as { content?: unknown }).content ?? ""))
    .join("\n");
  const more = [...text.matchAll(/Give (\d+) more responses/g)].pop();
  const first = /Write (\d+) different responses/.exec(text);
  return Number(more?.[1] ?? first?.[1] ?? 5);
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
}

export function fakeModel(options: FakeModelOptions = {}): FakeModel {
  const random = createSeededRandom(options.seed ?? 11);
  const failures: Record<AskedMethod, number> = { direct: 0, list: 0, judge: 0 };
  const answered: Record<AskedMethod, number> = { direct: 0, list: 0, judge: 0 };
  let requests = 0;
  let listed = 0;
  const word = () => WORDS[Math.floor(random.next() * WORDS.length)] ?? "word";
  const sentence = () => `The ${Array.from({ length: 9 }, word).join(" ")}.`;
  const handler: FakeHandler = (request): FakeStep => {
    const method = askedMethod(request);
    if (method === "judge") {
      answered.judge += 1;
      return { content: JSON.stringify({ reason: "fine", score: options.judgeScore ?? 7 }) };
    }
    requests += 1;
    if (options.failEvery !== undefined && requests % options.failEvery === 0) {
      failures[method] += 1;
      return { status: 500 };
    }
    answered[method] += 1;
    if (method === "direct") {
      const index = answered.direct;
      return {
        content:
          options.directText?.(index) ??
          (random.next() < 0.8 ? COLLAPSED[0] : COLLAPSED[index % 3]) ??
          "",
      };
    }
    const count = askedCount(request);
    const responses = Array.from({ length: count }, () => {
      listed += 1;
      return {
        text: options.listTexts?.(listed) ?? sentence(),
        probability: Number((1 / count).toFixed(3)),
      };
    });
    return { content: JSON.stringify({ reasoning: "varied angles", responses }) };
  };
  return { handler, failures, answered };
}
