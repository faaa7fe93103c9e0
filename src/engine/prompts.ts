import type { ChatMessage, ResponseSchema } from "./ports.js";
import type { TaskSpec } from "./task.js";
import type { ProbabilityWording } from "./types.js";

/** Already-shown texts quoted back to the model are capped, so long threads stay in budget. */
const SHOWN_TEXT_LIMIT = 400;
const SHOWN_TOTAL_LIMIT = 8000;

const WORDING: Record<ProbabilityWording, { key: string; sentence: string }> = {
  explicit: {
    key: "probability",
    sentence:
      "its probability: how likely this exact response is relative to the full distribution of responses you could give (a number from 0 to 1)",
  },
  implicit: {
    key: "probability",
    sentence: "how likely you would be to give this response (a number from 0 to 1)",
  },
  percentage: {
    key: "probability",
    sentence: "the chance, as a percentage from 0 to 100, that you would give this response",
  },
  confidence: {
    key: "confidence",
    sentence: "your confidence, from 0 to 1, that this is the response you would give",
  },
};

/** One earlier candidate as the model gave it, for replaying a VS-Multi conversation. */
export interface EarlierCandidate {
  readonly text: string;
  readonly verbalized: number | null;
}

export type PromptPhase =
  | { readonly kind: "initial" }
  /**
   * A call for more: k new candidates unlike everything shown so far, each below τ. VS-Multi
   * also gets the earlier calls' candidates, by call, to replay as conversation turns.
   */
  | {
      readonly kind: "more";
      readonly shown: readonly string[];
      readonly rounds?: readonly (readonly EarlierCandidate[])[];
    };

/** VS-Multi replays this many earlier calls as turns; older ones are quoted instead. */
const REPLAYED_ROUNDS = 3;

/** Whether the method asks the model to state a probability per candidate. */
export function asksForProbabilities(spec: TaskSpec): boolean {
  return spec.method === "vs-standard" || spec.method === "vs-cot" || spec.method === "vs-multi";
}

function tailSentence(tau: number): string {
  return `Sample the responses from the tails of the distribution: every response must have a probability below ${tau}.`;
}

function formatBlock(spec: TaskSpec, count: number, withTail: boolean): string {
  if (spec.method === "direct") {
    return "Reply with the response itself only: no preamble, no notes, no quotation marks around it.";
  }
  const lines = [
    `Write ${count} different responses to the request. Make them differ in idea, angle or form, not only in wording.`,
  ];
  let shape = '{"responses": [{"text": "..."}, ...]}';
  if (asksForProbabilities(spec)) {
    const wording = WORDING[spec.wording];
    lines.push(`For each response give ${wording.sentence}.`);
    if (withTail) lines.push(tailSentence(spec.tau));
    shape = `{"responses": [{"text": "...", "${wording.key}": 0.0}, ...]}`;
    if (spec.method === "vs-cot") {
      lines.push(
        'First, in a "reasoning" field, think in two or three sentences about the different kinds of response the request allows; then list the responses.',
      );
      shape = `{"reasoning": "...", "responses": [{"text": "...", "${wording.key}": 0.0}, ...]}`;
    }
  }
  lines.push(
    `Reply with only a JSON object of this form, with no text before or after it: ${shape}`,
    'Write line breaks inside a text as "\\n".',
  );
  return lines.join("\n");
}

function systemMessage(spec: TaskSpec, count: number, withTail: boolean): ChatMessage {
  const parts = [spec.guidance?.trim(), formatBlock(spec, count, withTail)].filter(
    (part): part is string => Boolean(part),
  );
  return { role: "system", content: parts.join("\n\n") };
}

function requestMessage(spec: TaskSpec): ChatMessage {
  const context = spec.context?.trim();
  return {
    role: "user",
    content: context ? `${context}\n\n${spec.instruction}` : spec.instruction,
  };
}

/** Quotes the newest shown texts, within the size caps, oldest first. */
export function quoteShown(shown: readonly string[]): string {
  const quoted: string[] = [];
  let total = 0;
  for (let index = shown.length - 1; index >= 0; index--) {
    const text = shown[index] ?? "";
    const clipped = text.length > SHOWN_TEXT_LIMIT ? `${text.slice(0, SHOWN_TEXT_LIMIT)}…` : text;
    total += clipped.length;
    if (total > SHOWN_TOTAL_LIMIT && quoted.length > 0) break;
    quoted.unshift(clipped);
  }
  const omitted = shown.length - quoted.length;
  const list = quoted.map((text, index) => `${index + 1}. ${JSON.stringify(text)}`).join("\n");
  return omitted > 0 ? `(${omitted} earlier responses not listed)\n${list}` : list;
}

function moreMessage(spec: TaskSpec, shown: readonly string[]): ChatMessage {
  const count = spec.method === "direct" ? 1 : spec.k;
  const lines = [
    spec.method === "direct"
      ? "Give one more response to the same request."
      : `Give ${count} more responses to the same request.`,
  ];
  if (shown.length > 0) {
    lines.push(
      "Each must differ from every response already shown below, in idea and not only in wording.",
    );
  } else {
    lines.push(
      "Each must differ from every response you gave before, in idea and not only in wording.",
    );
  }
  if (asksForProbabilities(spec)) lines.push(tailSentence(spec.tau));
  if (shown.length > 0) lines.push("Already shown:", quoteShown(shown));
  return { role: "user", content: lines.join("\n") };
}

/** An earlier call's answer, written back as the model's own turn. */
function replayedAnswer(spec: TaskSpec, round: readonly EarlierCandidate[]): ChatMessage {
  const key = WORDING[spec.wording].key;
  const responses = round.map((candidate) => ({
    text: candidate.text,
    [key]: candidate.verbalized ?? 0,
  }));
  return { role: "assistant", content: JSON.stringify({ responses }) };
}

/**
 * VS-Multi asks for more as the next turn of one conversation: the latest calls' answers are
 * replayed as the model's turns, older texts quoted in the final request.
 */
function multiTurnMessages(
  spec: TaskSpec,
  rounds: readonly (readonly EarlierCandidate[])[],
): ChatMessage[] {
  const replayed = rounds.slice(-REPLAYED_ROUNDS);
  const older = rounds
    .slice(0, -REPLAYED_ROUNDS)
    .flat()
    .map((candidate) => candidate.text);
  const messages: ChatMessage[] = [systemMessage(spec, spec.k, false), requestMessage(spec)];
  replayed.forEach((round, index) => {
    if (index > 0) messages.push(moreMessage(spec, []));
    messages.push(replayedAnswer(spec, round));
  });
  messages.push(moreMessage(spec, older));
  return messages;
}

/** The chat messages for one call of the task's method. */
export function buildMessages(spec: TaskSpec, phase: PromptPhase): ChatMessage[] {
  const count = spec.method === "direct" ? 1 : spec.k;
  if (phase.kind === "initial") {
    return [systemMessage(spec, count, false), requestMessage(spec)];
  }
  if (spec.method === "vs-multi" && phase.rounds && phase.rounds.length > 0) {
    return multiTurnMessages(spec, phase.rounds);
  }
  return [systemMessage(spec, count, true), requestMessage(spec), moreMessage(spec, phase.shown)];
}

/** A follow-up asking the model to restate an unreadable reply in the required form. */
export function repairMessages(
  spec: TaskSpec,
  messages: readonly ChatMessage[],
  badReply: string,
): ChatMessage[] {
  const clipped = badReply.length > 4000 ? `${badReply.slice(0, 4000)}…` : badReply;
  const instruction =
    spec.method === "direct"
      ? "Your reply was empty. Please answer the request."
      : `Your reply could not be read. Answer again with only the JSON object described in the instructions, with ${spec.k} complete responses and nothing else.`;
  return [
    ...messages,
    { role: "assistant", content: clipped },
    { role: "user", content: instruction },
  ];
}

/** The JSON schema for structured output, or undefined where the method returns plain text. */
export function responseSchema(spec: TaskSpec): ResponseSchema | undefined {
  if (spec.method === "direct") return undefined;
  const withProbabilities = asksForProbabilities(spec);
  const key = WORDING[spec.wording].key;
  const item = withProbabilities
    ? {
        type: "object",
        properties: { text: { type: "string" }, [key]: { type: "number" } },
        required: ["text", key],
        additionalProperties: false,
      }
    : {
        type: "object",
        properties: { text: { type: "string" } },
        required: ["text"],
        additionalProperties: false,
      };
  const responses = { type: "array", items: item };
  const schema =
    spec.method === "vs-cot"
      ? {
          type: "object",
          properties: { reasoning: { type: "string" }, responses },
          required: ["reasoning", "responses"],
          additionalProperties: false,
        }
      : {
          type: "object",
          properties: { responses },
          required: ["responses"],
          additionalProperties: false,
        };
  return { name: "verbalized_responses", schema };
}
