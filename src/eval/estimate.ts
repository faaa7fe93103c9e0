import { buildMessages } from "../engine/prompts.js";
import type { Method } from "../engine/types.js";
import type { EvalPrompt } from "./eval-prompts.js";
import { callsFor } from "./generate.js";
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
/** JSON around each candidate of a VS reply, and VS-CoT's reasoning field per call. */
const CANDIDATE_OVERHEAD_TOKENS = 12;
const REASONING_TOKENS = 80;
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

export function estimateCost(input: EstimateInput): CostEstimate {
  let modelCalls = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let answers = 0;
  let answerTokensTotal = 0;
  let judgeTokens = 0;
  let embeddingRequests = 0;
  for (const prompt of input.prompts) {
    for (const method of input.methods) {
      const spec = prompt.spec(method);
      const perAnswer = ANSWER_TOKENS[spec.task] ?? OTHER_ANSWER_TOKENS;
      const calls = callsFor(method, input.n, spec.k);
      const request = approximateTokens(
        buildMessages(spec, { kind: "initial" })
          .map((message) => message.content)
          .join("\n"),
      );
      const perCall = method === "direct" ? 1 : spec.k;
      const replyTokens =
        perCall * (perAnswer + (method === "direct" ? 0 : CANDIDATE_OVERHEAD_TOKENS)) +
        (method === "vs-cot" ? REASONING_TOKENS : 0);
      modelCalls += calls;
      completionTokens += calls * replyTokens;
      // VS-Multi's turns grow: each replays the replies before it.
      promptTokens +=
        method === "vs-multi"
          ? calls * request + ((calls * (calls - 1)) / 2) * (replyTokens + 40)
          : calls * request;
      answers += input.n;
      answerTokensTotal += input.n * perAnswer;
      if (input.rubric !== null) {
        const judgeRequest =
          approximateTokens(input.rubric) + approximateTokens(prompt.prompt) + perAnswer;
        judgeTokens += input.n * (judgeRequest + JUDGE_REPLY_TOKENS);
      }
      if (input.embeddings && input.n >= 2)
        embeddingRequests += Math.ceil(input.n / EMBEDDING_BATCH);
    }
  }
  return {
    modelCalls,
    promptTokens,
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
