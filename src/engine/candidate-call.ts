import { VsbotError } from "./errors.js";
import { parseCandidates } from "./parse/index.js";
import type { ChatMessage, Logger, ModelClient, TokenUsage } from "./ports.js";
import {
  asksForProbabilities,
  asksForTail,
  buildMessages,
  moreRepeatsRequest,
  type PromptPhase,
  repairMessages,
  requestedCount,
  responseSchema,
} from "./prompts.js";
import type { TaskSpec } from "./task.js";
import type { ParsedCandidate } from "./types.js";

export interface CandidateCall {
  readonly candidates: readonly ParsedCandidate[];
  readonly warnings: readonly string[];
  /** Model calls made: 1, or 2 when the first reply had to be restated. */
  readonly calls: number;
  readonly usage: TokenUsage | null;
}

export interface CandidateCallContext {
  readonly model: ModelClient;
  readonly logger: Logger;
  readonly decoding: { readonly temperature: number; readonly topP: number };
}

function addUsage(left: TokenUsage | null, right: TokenUsage | null): TokenUsage | null {
  if (!left) return right;
  if (!right) return left;
  return {
    promptTokens: left.promptTokens + right.promptTokens,
    completionTokens: left.completionTokens + right.completionTokens,
  };
}

/**
 * One model call for the task's candidates, parsed; when nothing can be read, one more call
 * asking the model to restate its reply. Fails with a typed error saying what went wrong.
 */
export async function requestCandidates(
  context: CandidateCallContext,
  spec: TaskSpec,
  phase: PromptPhase,
  options: { readonly signal?: AbortSignal } = {},
): Promise<CandidateCall> {
  const messages = buildMessages(spec, phase);
  const schema = responseSchema(spec);
  const fresh = phase.kind === "initial" || moreRepeatsRequest(spec);
  const intent = {
    task: spec.task,
    subject: spec.subject,
    k: requestedCount(spec, fresh ? { kind: "initial" } : phase),
    tau: !fresh && asksForProbabilities(spec) && asksForTail(phase) ? spec.tau : null,
    avoid: phase.kind === "more" && !fresh ? phase.known : [],
    withProbabilities: asksForProbabilities(spec),
    ...(spec.facets ? { facets: spec.facets } : {}),
  };
  const send = (chat: readonly ChatMessage[]) =>
    context.model.complete({
      messages: chat,
      ...(schema ? { responseSchema: schema } : {}),
      temperature: context.decoding.temperature,
      topP: context.decoding.topP,
      intent,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const parseOptions = (finishReason: string) => ({
    expected: intent.k,
    finishReason,
    allowPlainText: spec.method === "direct",
    ...(spec.speakers ? { speakers: spec.speakers } : {}),
  });

  const first = await send(messages);
  if (first.finishReason === "content_filter" && first.text.trim() === "") {
    throw new VsbotError("model_refused", "the model's content filter stopped the answer", {
      details: { model: first.model },
    });
  }
  const parsed = parseCandidates(first.text, parseOptions(first.finishReason));
  if (parsed.candidates.length > 0) return { ...parsed, calls: 1, usage: first.usage };

  context.logger.warn("engine.repair", {
    task: spec.task,
    finishReason: first.finishReason,
    chars: first.text.length,
    warnings: parsed.warnings,
  });
  const second = await send(repairMessages(spec, messages, first.text));
  const repaired = parseCandidates(second.text, parseOptions(second.finishReason));
  const usage = addUsage(first.usage, second.usage);
  if (repaired.candidates.length > 0) {
    return {
      candidates: repaired.candidates,
      warnings: [
        "the first reply could not be read; asked the model once more",
        ...repaired.warnings,
      ],
      calls: 2,
      usage,
    };
  }
  const details = {
    finishReason: second.finishReason,
    rawText: second.text.slice(0, 2000),
    firstRawText: first.text.slice(0, 2000),
    model: second.model,
    warnings: repaired.warnings,
  };
  if (second.text.trim() === "" && first.text.trim() === "") {
    throw new VsbotError("model_empty", "the model returned empty text twice", { details });
  }
  if (second.finishReason === "length") {
    throw new VsbotError("output_truncated", "output cut off before any complete candidate", {
      details,
    });
  }
  throw new VsbotError("output_unparseable", "no candidate could be read from the output", {
    details,
  });
}
