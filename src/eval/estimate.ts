import { buildMessages, type PromptPhase } from "../engine/prompts.js";
import type { TaskSpec } from "../engine/task.js";
import type { Method } from "../engine/types.js";
import { type CallPlan, planCalls } from "./call-plan.js";
import type { EvalPrompt } from "./eval-prompts.js";
import { EMBEDDING_BATCH } from "./semantic-diversity.js";

/** What a run is expected to cost, before it starts. Tokens are rough: about 4 characters each. */
export interface CostEstimate {
  readonly modelCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly embeddingRequests: number;
  readonly embeddingTokens: number;
  readonly judgeCalls: number;
  readonly judgeTokens: number;
}

/** Typical answer lengths in tokens, from the length each command asks for. */
const ANSWER_TOKENS: Readonly<Record<string, number>> = {
  joke: 40,
  poem: 110,
  story: 300,
  ask: 50,
  pick: 6,
};
const OTHER_ANSWER_TOKENS = 150;
/**
 * JSON around each candidate of a VS reply (`{"text": "", "probability": 0.1},`), around each
 * item of sequence's plain list (`"",`), and VS-CoT's reasoning field per call.
 */
const CANDIDATE_OVERHEAD_TOKENS = 12;
const LIST_ITEM_OVERHEAD_TOKENS = 2;
const REASONING_TOKENS = 50;
const JUDGE_REPLY_TOKENS = 30;

export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface EstimateInput {
  readonly prompts: readonly EvalPrompt[];
  readonly methods: readonly Method[];
  readonly n: number;
  readonly embeddings: boolean;
  /** The rubric's text when judging, else null. */
  readonly rubric: string | null;
}

/** Words enough that the digest of earlier themes in a VS-Multi turn is as full as it gets. */
const PLACEHOLDER_WORDS = "amber beacon cedar delta ember falcon garnet harbor island jasper ";

/** Earlier answers of the assumed length, for building a later VS-Multi turn as the engine would. */
function placeholderAnswers(count: number, tokens: number): string[] {
  const chars = tokens * 4;
  const text = PLACEHOLDER_WORDS.repeat(Math.ceil(chars / PLACEHOLDER_WORDS.length)).slice(
    0,
    chars,
  );
  return Array.from({ length: count }, () => text);
}

function promptTokens(spec: TaskSpec, phase: PromptPhase): number {
  return approximateTokens(
    buildMessages(spec, phase)
      .map((message) => message.content)
      .join("\n"),
  );
}

/** Prompt tokens of the first call and of each later one, as the engine builds them. */
function requestTokens(spec: TaskSpec, plan: CallPlan, perAnswer: number) {
  const first = promptTokens(spec, { kind: "initial" });
  if (spec.method !== "vs-multi") return { first, later: first };
  // A later turn replays the latest turn (clipped to a budget) and names earlier themes, so
  // every later turn is about this size however long the conversation.
  const known = placeholderAnswers(plan.first + plan.later, perAnswer);
  const latestRound = known.slice(-plan.later).map((text) => ({ text, verbalized: 0.1 }));
  return {
    first,
    later: promptTokens(spec, { kind: "more", known, latestRound, tail: false }),
  };
}

/** The calls and tokens of one method's n answers to one prompt. */
function generationCost(prompt: EvalPrompt, method: Method, n: number) {
  const spec = prompt.spec(method);
  const perAnswer = ANSWER_TOKENS[spec.task] ?? OTHER_ANSWER_TOKENS;
  const plan = planCalls(spec, n, prompt.options?.length);
  const laterCalls = Math.max(0, plan.calls - 1);
  const overhead =
    method === "direct"
      ? 0
      : method === "sequence"
        ? LIST_ITEM_OVERHEAD_TOKENS
        : CANDIDATE_OVERHEAD_TOKENS;
  const reply = (count: number) =>
    count * (perAnswer + overhead) + (method === "vs-cot" ? REASONING_TOKENS : 0);
  const request = requestTokens(spec, plan, perAnswer);
  return {
    calls: plan.calls,
    promptTokens: request.first + laterCalls * request.later,
    completionTokens: reply(plan.first) + laterCalls * reply(plan.later),
    perAnswer,
  };
}

export function estimateCost(input: EstimateInput): CostEstimate {
  let modelCalls = 0;
  let promptTokensTotal = 0;
  let completionTokens = 0;
  let answers = 0;
  let answerTokensTotal = 0;
  let judgeTokens = 0;
  let embeddingRequests = 0;
  for (const prompt of input.prompts) {
    for (const method of input.methods) {
      const cost = generationCost(prompt, method, input.n);
      modelCalls += cost.calls;
      promptTokensTotal += cost.promptTokens;
      completionTokens += cost.completionTokens;
      answers += input.n;
      answerTokensTotal += input.n * cost.perAnswer;
      if (input.rubric !== null) {
        const judgeRequest =
          approximateTokens(input.rubric) + approximateTokens(prompt.prompt) + cost.perAnswer;
        judgeTokens += input.n * (judgeRequest + JUDGE_REPLY_TOKENS);
      }
      if (input.embeddings && input.n >= 2)
        embeddingRequests += Math.ceil(input.n / EMBEDDING_BATCH);
    }
  }
  return {
    modelCalls,
    promptTokens: promptTokensTotal,
    completionTokens,
    embeddingRequests,
    embeddingTokens: input.embeddings ? answerTokensTotal : 0,
    judgeCalls: input.rubric !== null ? answers : 0,
    judgeTokens,
  };
}

function thousands(tokens: number): string {
  return tokens >= 10_000 ? `${Math.round(tokens / 1000)}k` : String(tokens);
}

/** The estimate in one paragraph for the terminal. */
export function describeEstimate(estimate: CostEstimate): string {
  const parts = [
    `${estimate.modelCalls} model calls, about ${thousands(estimate.promptTokens + estimate.completionTokens)} tokens (${thousands(estimate.promptTokens)} prompt, ${thousands(estimate.completionTokens)} completion)`,
  ];
  if (estimate.embeddingRequests > 0) {
    parts.push(
      `${estimate.embeddingRequests} embeddings requests (about ${thousands(estimate.embeddingTokens)} tokens)`,
    );
  }
  if (estimate.judgeCalls > 0) {
    parts.push(
      `${estimate.judgeCalls} judge calls (about ${thousands(estimate.judgeTokens)} tokens)`,
    );
  }
  return `Estimate: ${parts.join("; ")}. Tokens are rough (4 characters each); retries and restated replies add to them.`;
}
