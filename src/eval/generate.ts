import pLimit from "p-limit";
import { type CandidateCall, requestCandidates } from "../engine/candidate-call.js";
import type { VsbotError } from "../engine/errors.js";
import type { Clock, Logger, ModelClient } from "../engine/ports.js";
import type { EarlierCandidate, PromptPhase } from "../engine/prompts.js";
import type { Method } from "../engine/types.js";
import { CallGuard } from "./call-guard.js";
import { planCalls } from "./call-plan.js";
import type { EvalPrompt } from "./eval-prompts.js";
import type { ProgressPhase } from "./ports.js";
import type { LabelSamples, PromptSamples } from "./types.js";

export interface GenerationOptions {
  readonly model: ModelClient;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly decoding: { readonly temperature: number; readonly topP: number };
  readonly prompts: readonly EvalPrompt[];
  readonly methods: readonly Method[];
  /** Answers wanted per prompt and method. */
  readonly n: number;
  /** Model calls in flight at once, over every prompt and method. */
  readonly concurrency: number;
  /** Further attempts of a call that failed in a way that may pass. */
  readonly retries: number;
  /** Advances once per planned call, when it succeeded or was given up. */
  readonly progress: ProgressPhase;
}

/** Counts what one method's calls cost; failed attempts count as calls too. */
class CostMeter {
  modelCalls = 0;
  tokens: number | null = null;
  latencyMs = 0;

  attempt(error: VsbotError | null, ms: number): void {
    this.latencyMs += ms;
    // These codes are thrown only after the engine asked the model a second time to restate.
    const repaired =
      error !== null &&
      (error.code === "output_unparseable" ||
        error.code === "output_truncated" ||
        error.code === "model_empty");
    if (error !== null) this.modelCalls += repaired ? 2 : 1;
  }

  succeeded(call: CandidateCall): void {
    this.modelCalls += call.calls;
    if (call.usage) {
      this.tokens = (this.tokens ?? 0) + call.usage.promptTokens + call.usage.completionTokens;
    }
  }
}

/** Calls one method makes for n answers to one prompt (see planCalls). */
export function callsFor(prompt: EvalPrompt, method: Method, n: number): number {
  return planCalls(prompt.spec(method), n, prompt.options?.length).calls;
}

/**
 * Asks every prompt with every method through the engine's own candidate call (the prompts
 * and parser the bot uses), n answers each: direct with n independent calls; sequence,
 * vs-standard and vs-cot with about ceil(n/k) independent calls; vs-multi with one
 * conversation, its first turn asking for a few and each later turn for k alternatives (see
 * planCalls). Answers are kept in call order, whatever order the calls finish in, and answers
 * that failures or short replies cost are counted as lost. Rejects only when the run is
 * stopped (see CallGuard).
 */
export async function generateSamples(options: GenerationOptions): Promise<LabelSamples[]> {
  const limit = pLimit(options.concurrency);
  const guard = new CallGuard({ clock: options.clock, retries: options.retries });
  const context = { model: options.model, logger: options.logger, decoding: options.decoding };

  const ask = (
    prompt: EvalPrompt,
    method: Method,
    phase: PromptPhase,
    meter: CostMeter,
  ): Promise<CandidateCall | null> =>
    limit(async () => {
      const call = await guard.run(
        () => requestCandidates(context, prompt.spec(method), phase),
        ({ error, ms }) => meter.attempt(error, ms),
      );
      if (call) meter.succeeded(call);
      else options.logger.warn("eval.call_lost", { method, prompt: prompt.prompt.slice(0, 80) });
      options.progress.advance(call === null);
      return call;
    });

  const answersOf = async (prompt: EvalPrompt, method: Method, meter: CostMeter) => {
    const calls = callsFor(prompt, method, options.n);
    if (method === "vs-multi") return conversation(prompt, calls, meter);
    const replies = await Promise.all(
      Array.from({ length: calls }, () => ask(prompt, method, { kind: "initial" }, meter)),
    );
    return replies.flatMap((reply) => {
      const texts = (reply?.candidates ?? []).map((candidate) => candidate.text);
      return method === "direct" ? texts.slice(0, 1) : texts;
    });
  };

  /**
   * VS-Multi: one conversation. Each later turn hands the engine every answer so far and the
   * latest turn's candidates, which it replays as the model's own turn before asking for
   * alternatives (earlier turns are named by their themes, so the prompt does not grow).
   */
  const conversation = async (prompt: EvalPrompt, turns: number, meter: CostMeter) => {
    const rounds: EarlierCandidate[][] = [];
    for (let turn = 0; turn < turns; turn++) {
      const known = rounds.flat().map((candidate) => candidate.text);
      const latestRound = rounds.at(-1);
      // The paper's VS-Multi asks each turn for more from the full distribution, not below τ.
      const phase: PromptPhase =
        latestRound === undefined
          ? { kind: "initial" }
          : { kind: "more", known, latestRound, tail: false };
      const reply = await ask(prompt, "vs-multi", phase, meter);
      if (reply) {
        rounds.push(
          reply.candidates.map((candidate) => ({
            text: candidate.text,
            verbalized: candidate.verbalized,
          })),
        );
      }
    }
    return rounds.flat().map((candidate) => candidate.text);
  };

  const labels = options.methods.map(async (method): Promise<LabelSamples> => {
    const meter = new CostMeter();
    const prompts = await Promise.all(
      options.prompts.map(async (prompt): Promise<PromptSamples & { lost: number }> => {
        const texts = (await answersOf(prompt, method, meter)).slice(0, options.n);
        return {
          prompt: prompt.prompt,
          texts,
          ...(prompt.options ? { options: prompt.options } : {}),
          lost: options.n - texts.length,
        };
      }),
    );
    return {
      label: method,
      method,
      prompts: prompts.map(({ lost: _lost, ...samples }) => samples),
      lost: prompts.reduce((sum, prompt) => sum + prompt.lost, 0),
      cost: { modelCalls: meter.modelCalls, tokens: meter.tokens, latencyMs: meter.latencyMs },
    };
  });
  try {
    return await Promise.all(labels);
  } finally {
    limit.clearQueue();
  }
}
