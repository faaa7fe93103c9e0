import {
  type AvoidList,
  avoidList,
  clipText,
  latestWithinBudget,
  QUOTED_TEXT_CHARS,
  themesOf,
} from "./avoid-list.js";
import type { ChatMessage, ResponseSchema } from "./ports.js";
import type { TaskSpec } from "./task.js";
import type { ProbabilityWording } from "./types.js";

/**
 * The methods of the Verbalized Sampling paper, in our own words:
 * - direct: one response; its "more" is an independent call with the same prompt.
 * - sequence: k responses as a plain list, no probabilities.
 * - vs-standard: k responses with probabilities, sampled from the full distribution.
 * - vs-cot: the same, after a short reasoning field.
 * - vs-multi: one conversation; the first turn samples a few, each later turn asks for
 *   alternatives.
 * Calls for more ask for new responses in the tails (each p < τ), and name what to avoid
 * within a fixed budget (avoid-list.ts), so a prompt never grows with the chain.
 */

/** How each wording asks for the number, after "giving": "each response's probability ...". */
const WORDING: Record<ProbabilityWording, { key: string; meaning: string }> = {
  explicit: {
    key: "probability",
    meaning: "each response's probability relative to the full distribution (0.0 to 1.0)",
  },
  implicit: {
    key: "probability",
    meaning: "how likely you would be to give each response (0.0 to 1.0)",
  },
  percentage: {
    key: "probability",
    meaning:
      "each response's probability relative to the full distribution, as a percentage from 0 to 100",
  },
  confidence: {
    key: "confidence",
    meaning: "how typical each response is of the full distribution (0.0 to 1.0)",
  },
};

/** One earlier candidate as the model gave it, for replaying a VS-Multi turn. */
export interface EarlierCandidate {
  readonly text: string;
  readonly verbalized: number | null;
}

export type PromptPhase =
  | { readonly kind: "initial" }
  /**
   * A call for more. `known` is every text of the chain so far (shown or waiting in the tail),
   * oldest first; VS-Multi also gets the latest call's candidates, to replay as its own turn.
   * `tail: false` asks for new answers from the full distribution rather than below τ (a
   * data set wants the typical answers too).
   */
  | {
      readonly kind: "more";
      readonly known: readonly string[];
      readonly latestRound?: readonly EarlierCandidate[];
      readonly tail?: boolean;
    };

/** Whether a call for more asks for its answers below τ. */
export function asksForTail(phase: PromptPhase): boolean {
  return phase.kind === "more" && phase.tail !== false;
}

/** Whether the method asks the model to state a probability per candidate. */
export function asksForProbabilities(spec: TaskSpec): boolean {
  return spec.method === "vs-standard" || spec.method === "vs-cot" || spec.method === "vs-multi";
}

/**
 * Whether a call for more is the first request again: direct (the paper's baseline of
 * independent calls) and tasks whose answers are independent draws (random picks).
 */
export function moreRepeatsRequest(spec: TaskSpec): boolean {
  return spec.method === "direct" || spec.draws === "independent";
}

/** VS-Multi's first turn samples about two fifths of k, as the paper's runs sampled 2 of 5. */
export function firstTurnSize(k: number): number {
  return Math.max(1, Math.round(k * 0.4));
}

/** How many responses one call asks for. */
export function requestedCount(spec: TaskSpec, phase: PromptPhase): number {
  if (spec.method === "direct") return 1;
  if (spec.method === "vs-multi" && phase.kind === "initial") return firstTurnSize(spec.k);
  return spec.k;
}

/** Where to sample from: the full distribution, or its tails below τ (probability tuning). */
function sampling(spec: TaskSpec, tail: boolean): string {
  return tail
    ? `at random from the tails of the distribution, each with a probability below ${spec.tau}`
    : "at random from the full distribution of responses you could give";
}

/** For tasks with speakers: who may say each response, and how to name them. */
function speakersLine(spec: TaskSpec, form: "field" | "prefix"): string {
  const names = (spec.speakers ?? []).map((name) => JSON.stringify(name)).join(", ");
  return form === "field"
    ? ` Each response is one line said by one of ${names}, named in "speaker" exactly as written here.`
    : ` Each response is one line said by one of ${names}, starting with that name and a colon.`;
}

function shape(spec: TaskSpec): string {
  const { key, meaning } = WORDING[spec.wording];
  const speaker = spec.speakers ? `"speaker": "...", ` : "";
  const responses = `"responses": [{${speaker}"text": "...", "${key}": 0.0}, ...]`;
  const who = spec.speakers ? speakersLine(spec, "field") : "";
  if (spec.method === "vs-cot") {
    return `Reply with only JSON: {"reasoning": "...", ${responses}}, first reasoning in a sentence or two about the kinds of response the request allows, then giving ${meaning}.${who}`;
  }
  return `Reply with only JSON: {${responses}}, giving ${meaning}.${who}`;
}

function instructions(spec: TaskSpec, count: number, tail: boolean): string {
  switch (spec.method) {
    case "direct":
      return `Generate one response to the request. Output only the response, with no explanation or extra text.${spec.speakers ? speakersLine(spec, "prefix") : ""}`;
    case "sequence":
      return `Generate ${count} different responses to the request. Reply with only a list of them, as a JSON array of strings: ["...", "...", ...]${spec.speakers ? `.${speakersLine(spec, "prefix")}` : ""}`;
    case "vs-multi":
      return `Over several turns, you will sample responses to the request. First, sample ${count} ${sampling(spec, false)}. ${shape(spec)}`;
    default:
      return `Generate ${count} responses to the request, sampled ${sampling(spec, tail)}. ${shape(spec)}`;
  }
}

function systemMessage(spec: TaskSpec, count: number, tail: boolean): ChatMessage {
  const parts = [spec.guidance?.trim(), instructions(spec, count, tail)].filter(
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

/** The conversation's earlier turns, then the request: what every call sends after the system message. */
function conversation(spec: TaskSpec): ChatMessage[] {
  const turns = (spec.turns ?? []).map(
    (turn): ChatMessage => ({ role: turn.role, content: turn.content }),
  );
  return [...turns, requestMessage(spec)];
}

function quoted(texts: readonly string[]): string {
  return texts.map((text, index) => `${index + 1}. ${JSON.stringify(text)}`).join("\n");
}

function themesLine(avoid: AvoidList): string | null {
  if (avoid.earlier === 0 || avoid.themes.length === 0) return null;
  return `Also avoid the themes of earlier ones: ${avoid.themes.join(", ")}.`;
}

/** The final request of a call for more (VS-Standard, VS-CoT, sequence). */
function moreMessage(spec: TaskSpec, known: readonly string[]): ChatMessage {
  const avoid = avoidList(known, `${spec.instruction} ${spec.subject}`);
  const lines = [
    avoid.latest.length > 0
      ? `Generate ${spec.k} more responses, each unlike these:`
      : `Generate ${spec.k} more responses.`,
  ];
  if (avoid.latest.length > 0) lines.push(quoted(avoid.latest));
  const themes = themesLine(avoid);
  if (themes) lines.push(themes);
  return { role: "user", content: lines.join("\n") };
}

/** What one replayed answer costs besides its text: `{"text": "", "probability": 0.05},`. */
const REPLAY_ENTRY_CHARS = 40;

/**
 * A VS-Multi turn written back as the model's own answer, within the same budget as quoted
 * texts: long answers are clipped to their opening, which is what identifies them.
 */
function replayedTurn(spec: TaskSpec, round: readonly EarlierCandidate[]): ChatMessage {
  const key = WORDING[spec.wording].key;
  const responses = round.map((candidate) => ({
    text: clipText(candidate.text, QUOTED_TEXT_CHARS),
    [key]: candidate.verbalized ?? 0,
  }));
  return { role: "assistant", content: JSON.stringify({ responses }) };
}

/**
 * VS-Multi asks for alternatives as the next turn of one conversation. Only the latest turn
 * is replayed (as many of its answers as fit the quote budget, at least one, each clipped);
 * every other answer is named by the digest in the request for alternatives.
 */
function multiTurnMessages(
  spec: TaskSpec,
  known: readonly string[],
  latestRound: readonly EarlierCandidate[],
  tail: boolean,
): ChatMessage[] {
  const replayed = latestRound.slice(
    -latestWithinBudget(
      latestRound.map((candidate) => candidate.text),
      REPLAY_ENTRY_CHARS,
    ),
  );
  const replayedTexts = new Set(replayed.map((candidate) => candidate.text));
  const themes = themesOf(
    known.filter((text) => !replayedTexts.has(text)),
    `${spec.instruction} ${spec.subject}`,
  );
  const lines = [`Sample ${spec.k} alternative responses ${sampling(spec, tail)}.`];
  if (themes.length > 0) {
    lines.push(`Also avoid the themes of earlier turns: ${themes.join(", ")}.`);
  }
  return [
    systemMessage(spec, firstTurnSize(spec.k), false),
    ...conversation(spec),
    replayedTurn(spec, replayed),
    { role: "user", content: lines.join("\n") },
  ];
}

/** The chat messages for one call of the task's method. */
export function buildMessages(spec: TaskSpec, phase: PromptPhase): ChatMessage[] {
  const count = requestedCount(spec, phase);
  if (phase.kind === "initial" || moreRepeatsRequest(spec)) {
    return [
      systemMessage(spec, requestedCount(spec, { kind: "initial" }), false),
      ...conversation(spec),
    ];
  }
  const tail = asksForProbabilities(spec) && asksForTail(phase);
  if (spec.method === "vs-multi" && phase.latestRound && phase.latestRound.length > 0) {
    return multiTurnMessages(spec, phase.known, phase.latestRound, tail);
  }
  return [systemMessage(spec, count, tail), ...conversation(spec), moreMessage(spec, phase.known)];
}

/** A follow-up asking the model to restate an unreadable reply in the required form. */
export function repairMessages(
  spec: TaskSpec,
  messages: readonly ChatMessage[],
  badReply: string,
): ChatMessage[] {
  const clipped = badReply.length > 4000 ? `${badReply.slice(0, 4000)}…` : badReply;
  const form = spec.method === "sequence" ? "JSON array of strings" : "JSON object";
  const instruction =
    spec.method === "direct"
      ? "Your reply was empty. Please answer the request."
      : `Your reply could not be read. Answer again with only the ${form} described in the instructions, with complete responses and nothing else.`;
  return [
    ...messages,
    { role: "assistant", content: clipped },
    { role: "user", content: instruction },
  ];
}

/**
 * The JSON schema for structured output, or undefined where the method returns plain text:
 * direct (the response itself) and sequence (a plain list; a schema's root must be an object).
 */
export function responseSchema(spec: TaskSpec): ResponseSchema | undefined {
  if (!asksForProbabilities(spec)) return undefined;
  const key = WORDING[spec.wording].key;
  const speakers = spec.speakers && spec.speakers.length > 0 ? spec.speakers : undefined;
  const item = speakers
    ? {
        type: "object",
        properties: {
          speaker: { type: "string", enum: [...speakers] },
          text: { type: "string" },
          [key]: { type: "number" },
        },
        required: ["speaker", "text", key],
        additionalProperties: false,
      }
    : {
        type: "object",
        properties: { text: { type: "string" }, [key]: { type: "number" } },
        required: ["text", key],
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
