import type { RandomSource } from "../engine/ports.js";
import { pickFrom } from "./demo-candidates.js";

export interface DemoCandidate {
  readonly text: string;
  /** Null for the sequence and direct methods, which ask for no probabilities. */
  readonly probability: number | null;
}

/** The surface forms real models wrap a verbalized distribution in. */
export const DEMO_OUTPUT_FORMS = ["bare-json", "fenced-json", "tagged"] as const;
export type DemoOutputForm = (typeof DEMO_OUTPUT_FORMS)[number];

const LEAD_INS = [
  "Here are {count} responses with their probabilities:",
  "Sure! Here is a distribution of {count} possible responses.",
  "Below are {count} candidate responses, each with an estimated probability.",
  "Here you go:",
] as const;

const SEQUENCE_LEAD_INS = [
  "Here are {count} responses:",
  "Sure, here are {count} different responses.",
  "Here you go:",
] as const;

/** What a server that honoured the JSON schema sends: compact JSON, nothing around it. */
export function formatStructured(candidates: readonly DemoCandidate[]): string {
  return JSON.stringify({ responses: candidates.map((candidate) => toEntry(candidate, false)) });
}

/** Verbalized sampling output in one of the surface forms, chosen by `random`. */
export function formatDistribution(
  random: RandomSource,
  candidates: readonly DemoCandidate[],
): { readonly form: DemoOutputForm; readonly text: string } {
  if (candidates.length === 0) return { form: "bare-json", text: '{"responses": []}' };
  const form = pickFrom(random, DEMO_OUTPUT_FORMS);
  if (form === "tagged") return { form, text: formatTagged(random, candidates) };
  const json = formatJson(random, candidates);
  if (form === "bare-json") return { form, text: json };
  return { form, text: fence(json, leadIn(random, LEAD_INS, candidates.length)) };
}

/** Sequence output (no probabilities): a plain list, as a JSON array of strings, bare or fenced. */
export function formatSequence(random: RandomSource, texts: readonly string[]): string {
  const json = JSON.stringify(texts, null, random.next() < 0.5 ? 2 : undefined);
  if (texts.length === 0 || random.next() < 0.5) return json;
  return fence(json, leadIn(random, SEQUENCE_LEAD_INS, texts.length));
}

function formatJson(random: RandomSource, candidates: readonly DemoCandidate[]): string {
  const probabilityFirst = random.next() < 0.3;
  const indentation = random.next() < 0.5 ? 2 : undefined;
  const entries = candidates.map((candidate) => toEntry(candidate, probabilityFirst));
  return JSON.stringify({ responses: entries }, null, indentation);
}

function toEntry(candidate: DemoCandidate, probabilityFirst: boolean): Record<string, unknown> {
  if (candidate.probability === null) return { text: candidate.text };
  return probabilityFirst
    ? { probability: candidate.probability, text: candidate.text }
    : { text: candidate.text, probability: candidate.probability };
}

function formatTagged(random: RandomSource, candidates: readonly DemoCandidate[]): string {
  const blocks = candidates.map(
    (candidate) =>
      `<response>\n<text>${candidate.text}</text>\n<probability>${candidate.probability ?? ""}</probability>\n</response>`,
  );
  const body = blocks.join("\n");
  return random.next() < 0.5 ? body : `${leadIn(random, LEAD_INS, candidates.length)}\n\n${body}`;
}

function fence(json: string, lead: string): string {
  return `${lead}\n\n\`\`\`json\n${json}\n\`\`\``;
}

function leadIn(random: RandomSource, options: readonly [string, ...string[]], count: number) {
  return pickFrom(random, options).replace("{count}", String(count));
}
