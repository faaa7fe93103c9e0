import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { probabilitiesOf, textsOf } from "./helpers.js";

const PAIR =
  '{"responses": [{"text": "a", "probability": 0.25}, {"text": "b", "probability": 0.75}]}';

describe("finding JSON in the reply", () => {
  it("reads JSON inside a ```json fence", () => {
    expect(textsOf(parseCandidates(`\`\`\`json\n${PAIR}\n\`\`\``))).toEqual(["a", "b"]);
  });

  it("reads JSON inside a bare ``` fence with prose around it", () => {
    const raw = `Here you go [as asked]:\n\`\`\`\n${PAIR}\n\`\`\`\nHope {that} helps!`;
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("reads JSON embedded in prose without a fence", () => {
    expect(textsOf(parseCandidates(`Sure! ${PAIR} Enjoy.`))).toEqual(["a", "b"]);
  });

  it("takes candidates from every JSON value in order", () => {
    const raw =
      'First batch:\n```json\n{"responses": [{"text": "a", "probability": 0.5}]}\n```\nMore:\n```json\n[{"text": "b", "probability": 0.5}]\n```';
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("reads one candidate object per line", () => {
    const raw = '{"text": "a", "probability": 0.2}\n{"text": "b", "probability": 0.8}';
    expect(probabilitiesOf(parseCandidates(raw))).toEqual([0.2, 0.8]);
  });

  it("recovers the intact candidates inside a broken wrapper", () => {
    const raw =
      '{"responses": [{"text": "a", "probability": 0.5}, oops {"text": "b", "probability": 0.5}]}';
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });
});

describe("candidate containers", () => {
  it("reads a top-level array of objects", () => {
    expect(textsOf(parseCandidates('[{"text": "a"}, {"text": "b"}]'))).toEqual(["a", "b"]);
  });

  it("reads a top-level array of plain strings", () => {
    expect(textsOf(parseCandidates('["a", "b", "c"]'))).toEqual(["a", "b", "c"]);
  });

  it.each([
    "responses",
    "Response",
    "candidates",
    "answers",
    "outputs",
    "results",
    "items",
    "choices",
    "jokes",
    "stories",
    "poems",
    "ideas",
    "options",
    "list",
    "DATA",
  ])("reads the candidates under the %s key", (key) => {
    const raw = `{"meta": ["x", "y"], "${key}": [{"text": "a"}, {"text": "b"}]}`;
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("reads [text, probability] pairs", () => {
    const result = parseCandidates('[["a", 0.25], ["b", "75%"]]');
    expect(textsOf(result)).toEqual(["a", "b"]);
    expect(probabilitiesOf(result)).toEqual([0.25, 0.75]);
  });

  it("reads candidates double-encoded as a JSON string", () => {
    const encoded = JSON.stringify({ responses: JSON.stringify(JSON.parse(PAIR).responses) });
    const result = parseCandidates(encoded);
    expect(textsOf(result)).toEqual(["a", "b"]);
    expect(probabilitiesOf(result)).toEqual([0.25, 0.75]);
  });

  it("uses the first candidate list found depth-first when no key is known", () => {
    const raw =
      '{"meta": {"count": 2}, "payload": {"stuff": [{"text": "a"}, {"text": "b"}]}, "other": ["z"]}';
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("reads a single candidate-shaped object as one candidate", () => {
    const result = parseCandidates('{"text": "only one", "probability": 0.4}');
    expect(textsOf(result)).toEqual(["only one"]);
    expect(result.candidates[0]?.verbalized).toBe(0.4);
  });

  it("ignores the reasoning field of the VS-CoT shape", () => {
    const raw =
      '{"reasoning": "Let me think about a [list] of {ideas}.", "responses": [{"text": "a", "probability": 0.5}, {"text": "b", "probability": 0.5}]}';
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("ignores JSON that holds no candidates and says nothing was found", () => {
    const result = parseCandidates('The numbers are [1, 2, 3] and {"count": 3}.');
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toContain("found no JSON, tags or list of candidates in the output");
  });

  it("does not fall back to other forms when the JSON list is empty", () => {
    const result = parseCandidates('{"responses": []}\n1. not this\n2. nor this');
    expect(result.candidates).toEqual([]);
  });
});

describe("candidate fields", () => {
  it.each([
    "text",
    "response",
    "content",
    "answer",
    "output",
    "joke",
    "story",
    "poem",
    "idea",
    "utterance",
    "message",
    "reply",
    "value",
    "completion",
    "TEXT",
  ])("reads the text under the %s key", (key) => {
    expect(
      textsOf(parseCandidates(`[{"${key}": "hello", "probability": 0.5}, {"${key}": "bye"}]`)),
    ).toEqual(["hello", "bye"]);
  });

  it.each([
    "probability",
    "prob",
    "p",
    "confidence",
    "likelihood",
    "weight",
    "score",
    "percentage",
    "percent",
    "chance",
    "Probability",
  ])("reads the probability under the %s key", (key) => {
    const result = parseCandidates(
      `[{"text": "a", "${key}": 0.25}, {"text": "b", "${key}": 0.75}]`,
    );
    expect(probabilitiesOf(result)).toEqual([0.25, 0.75]);
  });

  it("prefers the text key over other synonyms, whatever the key order", () => {
    const raw = '[{"value": 3, "text": "the joke"}, {"value": 4, "text": "another"}]';
    expect(textsOf(parseCandidates(raw))).toEqual(["the joke", "another"]);
  });

  it("joins a text given as an array of lines with line breaks", () => {
    const raw = '[{"poem": ["Roses are red,", "violets are blue"], "probability": 1}]';
    expect(textsOf(parseCandidates(raw))).toEqual(["Roses are red,\nviolets are blue"]);
  });

  it("turns numeric texts into strings", () => {
    expect(textsOf(parseCandidates('[{"answer": 4}, {"answer": 6.5}]'))).toEqual(["4", "6.5"]);
  });

  it("uses the only string field when the text key is unknown", () => {
    const raw =
      '[{"joke_text": "a", "probability": 0.5, "reasoning": "why"}, {"joke_text": "b", "probability": 0.5}]';
    expect(textsOf(parseCandidates(raw))).toEqual(["a", "b"]);
  });

  it("skips list items without a text and says so", () => {
    const result = parseCandidates('[{"text": "a"}, {"probability": 0.3}, {"text": "b"}]');
    expect(textsOf(result)).toEqual(["a", "b"]);
    expect(result.warnings).toContain("ignored 1 item without a text");
  });
});
