import { buildMessages, firstTurnSize, requestedCount } from "../engine/prompts.js";
import type { TaskSpec } from "../engine/task.js";

/** What a run is expected to cost, told before it starts. */
export interface CostEstimate {
  readonly calls: number;
  readonly promptTokensPerCall: number;
  readonly completionTokensPerCall: number;
  readonly tokens: number;
  /** Tokens of one sample: measured on the file's samples, or assumed. */
  readonly sampleTokens: number;
  readonly assumed: boolean;
}

/** Without samples to measure, a sample is taken to be a short paragraph. */
const ASSUMED_SAMPLE_CHARS = 240;
/** `{"text": "", "probability": 0.12}, ` around each sample of a VS reply. */
const ENTRY_OVERHEAD_CHARS = 34;
const REASONING_CHARS = 200;

const tokensOf = (chars: number) => Math.ceil(chars / 4);

/**
 * Calls and tokens for `remaining` more samples, counting tokens as characters / 4, as the
 * offline tests do. Prompts are measured by building them (a call for more has a fixed size);
 * replies are k samples of the measured or assumed length. Repeats the guard drops cost
 * more calls on top.
 */
export function estimateCost(
  spec: TaskSpec,
  remaining: number,
  existing: readonly string[],
): CostEstimate {
  const measured = existing.slice(-200);
  const sampleChars =
    measured.length > 0
      ? measured.reduce((sum, text) => sum + text.length, 0) / measured.length
      : ASSUMED_SAMPLE_CHARS;
  const example = "x".repeat(Math.round(sampleChars));
  const known = measured.length > 0 ? measured : Array.from({ length: 20 }, () => example);
  const phase = { kind: "more", known, tail: false, latestRound: [] } as const;
  const promptChars = buildMessages(spec, phase).reduce(
    (sum, message) => sum + message.content.length,
    0,
  );
  const perCall = requestedCount(spec, phase);
  const overhead = spec.method === "direct" ? 0 : ENTRY_OVERHEAD_CHARS;
  const reasoning = spec.method === "vs-cot" ? REASONING_CHARS : 0;
  const completionTokensPerCall = tokensOf(perCall * (sampleChars + overhead) + reasoning);
  const firstIsSmaller = existing.length === 0 && spec.method === "vs-multi";
  const calls =
    remaining <= 0
      ? 0
      : firstIsSmaller
        ? 1 + Math.ceil(Math.max(0, remaining - firstTurnSize(spec.k)) / perCall)
        : Math.ceil(remaining / perCall);
  const promptTokensPerCall = tokensOf(promptChars);
  return {
    calls,
    promptTokensPerCall,
    completionTokensPerCall,
    tokens: calls * (promptTokensPerCall + completionTokensPerCall),
    sampleTokens: tokensOf(sampleChars),
    assumed: measured.length === 0,
  };
}
