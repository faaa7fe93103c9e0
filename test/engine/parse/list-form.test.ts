import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { probabilitiesOf, textsOf, verbalizedOf } from "./helpers.js";

describe("numbered and bulleted lists, when there is no JSON or tag form", () => {
  it("reads a numbered list with dots or parentheses", () => {
    const raw = "Here are some jokes:\n1. First joke\n2) Second joke\n3. Third joke";
    expect(textsOf(parseCandidates(raw))).toEqual(["First joke", "Second joke", "Third joke"]);
  });

  it("reads a bulleted list", () => {
    expect(textsOf(parseCandidates("- alpha\n- beta\n* gamma"))).toEqual([
      "alpha",
      "beta\n* gamma",
    ]);
  });

  it.each([
    ["1. A joke (probability: 0.2)\n2. Another (probability: 0.8)", [0.2, 0.8]],
    ["1. A joke — 30%\n2. Another — 70%", [0.3, 0.7]],
    ["1. A joke [p=0.1]\n2. Another [p=0.3]", [0.1, 0.3]],
    ["1. A joke (25%)\n2. Another (75%)", [0.25, 0.75]],
    ["1. A joke - 0.4\n2. Another - 0.6", [0.4, 0.6]],
    ["1. A joke\nProbability: 0.4\n2. Another\n**Probability:** 0.6", [0.4, 0.6]],
    ["1. [0.4] A joke\n2. (p=0.6) Another", [0.4, 0.6]],
  ] as const)("extracts and strips the probability in %j", (raw, verbalized) => {
    const result = parseCandidates(raw);
    expect(textsOf(result)).toEqual(["A joke", "Another"]);
    expect(verbalizedOf(result)).toEqual(verbalized);
  });

  it("leaves a bare number in brackets in the text", () => {
    const result = parseCandidates("1. Rule number (2)\n2. Rule number (3)");
    expect(textsOf(result)).toEqual(["Rule number (2)", "Rule number (3)"]);
    expect(probabilitiesOf(result)).toEqual([0.5, 0.5]);
  });

  it("continues multi-line items until the next marker, without their indentation", () => {
    const raw = "1. Roses are red,\n   violets are blue.\n\n   Second stanza.\n2. Short one";
    expect(textsOf(parseCandidates(raw))).toEqual([
      "Roses are red,\nviolets are blue.\n\nSecond stanza.",
      "Short one",
    ]);
  });

  it("does not take the closing remark after the last item as part of it", () => {
    const raw = "1. One\n2. Two\n   still two\n\nHope you enjoyed these!";
    expect(textsOf(parseCandidates(raw))).toEqual(["One", "Two\nstill two"]);
  });

  it("treats other marker kinds inside an item as part of its text", () => {
    const raw = "1. Steps:\n- mix\n- bake\n2. Plain";
    expect(textsOf(parseCandidates(raw))).toEqual(["Steps:\n- mix\n- bake", "Plain"]);
  });

  it("drops the last item when the model hit the token limit", () => {
    const result = parseCandidates("1. One\n2. Two\n3. Thr", { finishReason: "length" });
    expect(textsOf(result)).toEqual(["One", "Two"]);
    expect(result.truncated).toBe(true);
  });

  it("reads labelled items such as Response 1: and **Option 2:**", () => {
    const labelled = parseCandidates("Response 1: Why? (0.4)\nResponse 2: Because. (0.6)");
    expect(textsOf(labelled)).toEqual(["Why?", "Because."]);
    expect(verbalizedOf(labelled)).toEqual([0.4, 0.6]);
    const bold = parseCandidates(
      "**Option 1:** First (probability: 0.7)\n**Option 2:** Second (probability: 0.3)",
    );
    expect(textsOf(bold)).toEqual(["First", "Second"]);
  });

  it("does not read a lone item as a list", () => {
    expect(parseCandidates("- just one thought").candidates).toEqual([]);
  });
});

describe("plain text", () => {
  it("becomes one candidate with probability 1 only when allowed", () => {
    const raw = "  Why did the chicken cross the road?\nTo get to the other side.  ";
    expect(parseCandidates(raw).candidates).toEqual([]);
    expect(parseCandidates(raw, { allowPlainText: true }).candidates).toEqual([
      {
        text: "Why did the chicken cross the road?\nTo get to the other side.",
        probability: 1,
        verbalized: null,
      },
    ]);
  });

  it("is marked truncated when the model hit the token limit", () => {
    const result = parseCandidates("Once upon a time", {
      allowPlainText: true,
      finishReason: "length",
    });
    expect(result.truncated).toBe(true);
  });

  it("keeps a list whole, since a plain answer may itself be a list", () => {
    const result = parseCandidates("1. One\n2. Two", { allowPlainText: true });
    expect(textsOf(result)).toEqual(["1. One\n2. Two"]);
  });
});
