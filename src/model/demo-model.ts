import type {
  Clock,
  ModelClient,
  ModelRequest,
  ModelResponse,
  RandomSource,
  RequestIntent,
} from "../engine/ports.js";
import { pickCandidateTexts } from "./demo-candidates.js";
import { demoTexts, resolveDemoTask } from "./demo-corpus.js";
import {
  type DemoCandidate,
  formatDistribution,
  formatSequence,
  formatStructured,
} from "./demo-format.js";
import { verbalizeProbabilities } from "./demo-probabilities.js";

export const DEMO_MODEL_NAME = "vsbot-demo";

/** Shown by the app next to every demo reply; the demo never puts it in candidate texts. */
export const DEMO_NOTICE =
  "Offline demo model: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server (Ollama: http://localhost:11434/v1) with VSBOT_MODEL, to use a real one.";

export interface DemoModelOptions {
  readonly random: RandomSource;
  /** Simulated response time, spent in `clock.sleep`. Defaults to 0. */
  readonly latencyMs?: number;
  readonly clock?: Clock;
}

/** Without an intent there is nothing to answer from, so reply like a short VS call. */
const FALLBACK_INTENT: RequestIntent = {
  task: "generic",
  subject: "",
  k: 3,
  tau: null,
  avoid: [],
  withProbabilities: true,
};

const DEFAULT_K = 5;
const MAXIMUM_K = 100;

/**
 * A model that needs no network: it cannot read prompts, so it answers from the request's
 * intent with texts from a bundled corpus (demo-corpus.ts), shaped like raw output of a real
 * model (fenced JSON, bare JSON, the tag form, a plain list), so the engine's parser runs as
 * usual. Deterministic for a seeded random source.
 */
export function createDemoModel(options: DemoModelOptions): ModelClient {
  const { random } = options;
  const latencyMs = options.latencyMs ?? 0;

  return {
    description: `offline demo model (${DEMO_MODEL_NAME})`,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      request.signal?.throwIfAborted();
      if (latencyMs > 0) {
        await (options.clock ? options.clock.sleep(latencyMs) : delay(latencyMs));
        request.signal?.throwIfAborted();
      }
      const intent = request.intent ?? FALLBACK_INTENT;
      const structured = request.responseSchema !== undefined;
      const text = answer(random, intent, structured);
      return {
        text,
        finishReason: "stop",
        usage: {
          promptTokens: estimateTokens(request.messages.map((message) => message.content).join("")),
          completionTokens: estimateTokens(text),
        },
        model: DEMO_MODEL_NAME,
        structured,
      };
    },
  };
}

function answer(random: RandomSource, intent: RequestIntent, structured: boolean): string {
  const k = Number.isFinite(intent.k)
    ? Math.min(MAXIMUM_K, Math.max(1, Math.floor(intent.k)))
    : DEFAULT_K;
  const task = resolveDemoTask(intent.task);
  const pool = demoTexts(task, intent);
  const texts = spokenBy(random, intent, pickCandidateTexts(random, pool, k, intent.avoid));

  if (!intent.withProbabilities) {
    const candidates = texts.map((text): DemoCandidate => ({ text, probability: null }));
    if (structured) return formatStructured(candidates);
    return k === 1 ? (texts[0] ?? "") : formatSequence(random, texts);
  }

  // A fair pick states the same chance for every option, as a model asked for one would.
  const probabilities =
    task === "pick"
      ? texts.map(() => Math.max(0.01, Math.round(100 / pool.length) / 100))
      : verbalizeProbabilities(random, texts.length, intent.tau);
  const candidates = texts.map(
    (text, index): DemoCandidate => ({ text, probability: probabilities[index] ?? 0.01 }),
  );
  return structured ? formatStructured(candidates) : formatDistribution(random, candidates).text;
}

/**
 * A scene's lines (a `cast` facet, comma-separated) each led by one of its speakers, as
 * "Name: line", which the parser reads as the candidate's speaker.
 */
function spokenBy(random: RandomSource, intent: RequestIntent, texts: string[]): string[] {
  const cast = (intent.facets?.cast ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (cast.length === 0) return texts;
  return texts.map((text) => `${cast[Math.floor(random.next() * cast.length)]}: ${text}`);
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
