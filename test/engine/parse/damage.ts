/**
 * Ways models damage a Verbalized Sampling reply, applied to known responses. Each damage
 * returns the raw text a model might send and the candidates a correct parser recovers from
 * it, so parser tests, benchmarks and CLI tests can share them.
 */
import type { ParseOptions } from "../../../src/engine/types.js";

/** One response as the paper's files store it. */
export interface Response {
  readonly text: string;
  readonly probability?: number;
}

/** A candidate the parser must recover; `weight` is proportional to its probability. */
export interface ExpectedCandidate {
  readonly text: string;
  readonly weight: number;
  /** The stated probability on the 0-1 scale the parser must report, or null for none. */
  readonly verbalized: number | null;
}

export interface DamagedReply {
  readonly damage: string;
  readonly raw: string;
  readonly options: ParseOptions;
  readonly expected: readonly ExpectedCandidate[];
  readonly truncated: boolean;
  /** Warnings the parser must give, by pattern (it may give others). */
  readonly warnings: readonly RegExp[];
}

export interface DamageOptions {
  /** A VS-CoT "reasoning" field to write before the responses. */
  readonly reasoning?: string;
  /** Picks which candidate or synonym a damage uses, so runs over many lines vary. */
  readonly variant?: number;
}

/** A damage may give several replies (several cut points, for instance). */
export type Damage = (
  responses: readonly Response[],
  options?: DamageOptions,
) => readonly DamagedReply[];

const PROSE_BEFORE = "Sure! Here are the responses, each with its probability:\n\n";
const PROSE_AFTER = "\n\nLet me know if you would like more of these!";

/** The weights a parser should end with: stated ones, missing ones as the mean of the rest. */
export function expectedFrom(responses: readonly Response[]): ExpectedCandidate[] {
  const stated = responses.flatMap((response) =>
    response.probability === undefined ? [] : [response.probability],
  );
  const mean =
    stated.length === 0 ? 1 : stated.reduce((sum, value) => sum + value, 0) / stated.length;
  return responses.map((response) => ({
    text: response.text,
    weight: response.probability ?? mean,
    verbalized: response.probability ?? null,
  }));
}

/** Expected weights as probabilities that sum to 1. */
export function normalizedWeights(expected: readonly ExpectedCandidate[]): number[] {
  const total = expected.reduce((sum, candidate) => sum + candidate.weight, 0);
  return expected.map((candidate) => (total > 0 ? candidate.weight / total : 1 / expected.length));
}

/** A JSON string literal that keeps line breaks and tabs raw, as models often write them. */
export function rawStringLiteral(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

interface ReplyExtras {
  readonly options?: ParseOptions;
  readonly truncated?: boolean;
  readonly warnings?: readonly RegExp[];
}

function reply(
  damage: string,
  raw: string,
  expected: readonly ExpectedCandidate[],
  extras: ReplyExtras = {},
): DamagedReply {
  return {
    damage,
    raw,
    expected,
    options: extras.options ?? {},
    truncated: extras.truncated ?? false,
    warnings: extras.warnings ?? [],
  };
}

function uniform(responses: readonly Response[], verbalized: number | null): ExpectedCandidate[] {
  return responses.map((response) => ({ text: response.text, weight: 1, verbalized }));
}

function wrapped(responses: readonly Response[], options: DamageOptions): Record<string, unknown> {
  return options.reasoning === undefined
    ? { responses }
    : { reasoning: options.reasoning, responses };
}

function pick<T>(items: readonly T[], variant: number): T {
  const item = items[variant % items.length];
  if (item === undefined) throw new Error("pick needs at least one item");
  return item;
}

export const fencedWithProse: Damage = (responses, options = {}) => [
  reply(
    "pretty JSON in a json fence with prose around it",
    `${PROSE_BEFORE}\`\`\`json\n${JSON.stringify(wrapped(responses, options), null, 2)}\n\`\`\`${PROSE_AFTER}`,
    expectedFrom(responses),
  ),
];

export const trailingCommas: Damage = (responses) => {
  const items = responses.map(
    (response) =>
      `    {"text": ${JSON.stringify(response.text)}, "probability": ${response.probability},},`,
  );
  return [
    reply(
      "trailing commas",
      `{\n  "responses": [\n${items.join("\n")}\n  ],\n}`,
      expectedFrom(responses),
    ),
  ];
};

export const topLevelArray: Damage = (responses) => [
  reply("a top-level array of objects", JSON.stringify(responses), expectedFrom(responses)),
  reply(
    "a top-level array of strings",
    JSON.stringify(responses.map((response) => response.text)),
    uniform(responses, null),
    { warnings: [/uniform/] },
  ),
];

function escapeMarkup(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function tagBlocks(responses: readonly Response[]): string[] {
  return responses.map(
    (response) =>
      `<response>\n  <text>${escapeMarkup(response.text)}</text>\n  <probability>${response.probability}</probability>\n</response>`,
  );
}

export const tagForm: Damage = (responses) => [
  reply(
    "the XML-ish tag form",
    `${PROSE_BEFORE}${tagBlocks(responses).join("\n")}${PROSE_AFTER}`,
    expectedFrom(responses),
  ),
];

const CONTAINER_SYNONYMS = ["responses", "candidates", "answers", "Outputs", "results", "jokes"];
const TEXT_SYNONYMS = ["response", "answer", "content", "Joke", "output", "message"];
const PROBABILITY_SYNONYMS = ["confidence", "prob", "likelihood", "weight", "Score", "chance"];

export const keySynonyms: Damage = (responses, options = {}) => {
  const variant = options.variant ?? 0;
  const container = pick(CONTAINER_SYNONYMS, variant);
  const textKey = pick(TEXT_SYNONYMS, variant);
  const probabilityKey = pick(PROBABILITY_SYNONYMS, variant);
  const renamed = responses.map((response) => ({
    [textKey]: response.text,
    [probabilityKey]: response.probability,
  }));
  return [
    reply(
      `key synonyms ${container}/${textKey}/${probabilityKey}`,
      JSON.stringify({ [container]: renamed }),
      expectedFrom(responses),
    ),
    reply(
      "key synonyms response/confidence",
      JSON.stringify({
        responses: responses.map((response) => ({
          response: response.text,
          confidence: response.probability,
        })),
      }),
      expectedFrom(responses),
    ),
  ];
};

function withProbabilities(
  responses: readonly Response[],
  probability: (value: number) => unknown,
): string {
  return JSON.stringify({
    responses: responses.map((response) => ({
      text: response.text,
      probability:
        response.probability === undefined ? undefined : probability(response.probability),
    })),
  });
}

function percent(value: number): number {
  return Number((value * 100).toFixed(6));
}

export const probabilityFormats: Damage = (responses) => [
  reply(
    "probabilities as strings",
    withProbabilities(responses, (value) => ` ${value} `),
    expectedFrom(responses),
  ),
  reply(
    "probabilities as percent strings",
    withProbabilities(responses, (value) => `${percent(value)}%`),
    expectedFrom(responses),
  ),
  reply(
    "probabilities as numbers on a 0-100 scale",
    withProbabilities(responses, percent),
    expectedFrom(responses),
    { warnings: [/percentages/] },
  ),
];

/** Replaces one candidate's probability with a JSON token; it then gets the others' mean. */
function spoilOne(responses: readonly Response[], variant: number, token: string | null): string {
  const spoiled = variant % responses.length;
  const items = responses.map((response, index) => {
    const text = JSON.stringify(response.text);
    if (index !== spoiled) return `{"text": ${text}, "probability": ${response.probability}}`;
    return token === null ? `{"text": ${text}}` : `{"text": ${text}, "probability": ${token}}`;
  });
  return `{"responses": [${items.join(", ")}]}`;
}

function expectedWithMean(responses: readonly Response[], variant: number): ExpectedCandidate[] {
  const spoiled = variant % responses.length;
  return expectedFrom(
    responses.map((response, index) => (index === spoiled ? { text: response.text } : response)),
  );
}

export const badProbabilities: Damage = (responses, options = {}) => {
  const variant = options.variant ?? 0;
  const negative = -(responses[variant % responses.length]?.probability ?? 0.1);
  return [
    reply(
      "one missing probability",
      spoilOne(responses, variant, null),
      expectedWithMean(responses, variant),
      { warnings: [/mean/] },
    ),
    reply(
      "one negative probability",
      spoilOne(responses, variant, String(negative)),
      expectedWithMean(responses, variant),
      { warnings: [/negative/, /mean/] },
    ),
    reply(
      "one NaN probability",
      spoilOne(responses, variant, "NaN"),
      expectedWithMean(responses, variant),
      {
        warnings: [/not a number/, /mean/],
      },
    ),
    reply(
      "all probabilities zero",
      withProbabilities(responses, () => 0),
      uniform(responses, 0),
      {
        warnings: [/zero/],
      },
    ),
  ];
};

const LENGTH: ParseOptions = { finishReason: "length" };

/** Cuts the output at several points inside the last candidate, as a token limit would. */
export const cutInsideLast: Damage = (responses) => {
  const complete = responses.slice(0, -1);
  const last = responses.at(-1);
  if (last === undefined) return [];
  const head = `{"responses": [${complete.map((response) => JSON.stringify(response)).join(", ")}, `;
  const lastObject = JSON.stringify({ text: last.text, probability: last.probability });
  const textStart = lastObject.indexOf(":") + 2;
  const textEnd = textStart + JSON.stringify(last.text).length - 2;
  const cuts = [
    1,
    5,
    textStart - 1,
    textStart + Math.floor((textEnd - textStart) / 2),
    textEnd,
    textEnd + 1,
    lastObject.length - 3,
    lastObject.length - 1,
  ];
  const expected = expectedFrom(complete);
  return cuts.map((cut) =>
    reply(
      `JSON cut ${cut} characters into the last candidate`,
      head + lastObject.slice(0, cut),
      expected,
      {
        options: LENGTH,
        truncated: true,
        warnings: [/dropped 1 candidate cut off/],
      },
    ),
  );
};

export const cutInsideTags: Damage = (responses) => {
  const blocks = tagBlocks(responses);
  const lastBlock = blocks.at(-1);
  if (lastBlock === undefined) return [];
  const head = blocks.slice(0, -1).join("\n");
  const textStart = lastBlock.indexOf("<text>") + "<text>".length;
  const textEnd = lastBlock.indexOf("</text>");
  const probabilityStart = lastBlock.indexOf("<probability>") + "<probability>".length;
  const probabilityEnd = lastBlock.indexOf("</probability>") + "</probability>".length;
  const expected = expectedFrom(responses.slice(0, -1));
  const cut = (at: number, options: ParseOptions) =>
    reply(
      `tags cut ${at} characters into the last block`,
      `${head}\n${lastBlock.slice(0, at)}`,
      expected,
      {
        options,
        truncated: true,
        warnings: [/dropped 1 candidate cut off/],
      },
    );
  return [
    cut(textStart, {}),
    cut(textStart + Math.floor((textEnd - textStart) / 2), {}),
    cut(textEnd + 3, {}),
    cut(probabilityStart + 1, {}),
    cut(probabilityEnd, LENGTH),
    cut(lastBlock.length - 3, LENGTH),
  ];
};

/** Changes case, punctuation and spacing only, so the text stays the same candidate. */
export function nearDuplicate(text: string): string {
  return `${text
    .toUpperCase()
    .replace(/ /g, "  ")
    .replace(/[.!?]+$/, "")} !!`;
}

export const duplicates: Damage = (responses, options = {}) => {
  const variant = options.variant ?? 0;
  const first = variant % responses.length;
  const second = (variant + 1) % responses.length;
  const copies: Response[] = [
    { ...responses[first], text: responses[first]?.text ?? "" },
    { text: nearDuplicate(responses[second]?.text ?? ""), probability: 0.05 },
  ];
  const expected = expectedFrom(responses).map((candidate, index) => {
    if (index === first) return { ...candidate, weight: candidate.weight * 2 };
    if (index === second) return { ...candidate, weight: candidate.weight + 0.05 };
    return candidate;
  });
  const merged = expected.map((candidate) => ({ ...candidate, verbalized: candidate.weight }));
  return [
    reply(
      "a duplicate and a near-duplicate",
      JSON.stringify({ responses: [...responses, ...copies] }),
      first === second ? expectedFrom(responses) : merged,
      { warnings: [/merged 2 duplicate candidates/] },
    ),
  ];
};

/** Turns a joke into a little poem: one sentence per line, and a tabbed last line. */
export function withLineBreaks(text: string): string {
  return `${text.replace(/([.?!]) (?=\S)/g, "$1\n")}\n\tthe end`;
}

export const rawLineBreaks: Damage = (responses) => {
  const poems = responses.map((response) => ({ ...response, text: withLineBreaks(response.text) }));
  const items = poems.map(
    (poem) => `{"text": ${rawStringLiteral(poem.text)}, "probability": ${poem.probability}}`,
  );
  return [
    reply(
      "raw line breaks inside the strings",
      `{"responses": [\n${items.join(",\n")}\n]}`,
      expectedFrom(poems),
    ),
  ];
};

export const emptyTexts: Damage = (responses) => {
  const middle = Math.floor(responses.length / 2);
  const withEmpty = [
    ...responses.slice(0, middle),
    { text: "", probability: 0.1 },
    { text: "  \n\t ", probability: 0.05 },
    ...responses.slice(middle),
  ];
  return [
    reply(
      "empty texts among the candidates",
      JSON.stringify({ responses: withEmpty }),
      expectedFrom(responses),
      {
        warnings: [/dropped 2 empty candidates/],
      },
    ),
  ];
};

/** Every damage above, in a fixed order. */
export const ALL_DAMAGES: readonly Damage[] = [
  fencedWithProse,
  trailingCommas,
  topLevelArray,
  tagForm,
  keySynonyms,
  probabilityFormats,
  badProbabilities,
  cutInsideLast,
  cutInsideTags,
  duplicates,
  rawLineBreaks,
  emptyTexts,
];

export function damageAll(
  responses: readonly Response[],
  options: DamageOptions = {},
): DamagedReply[] {
  return ALL_DAMAGES.flatMap((damage) => damage(responses, options));
}
