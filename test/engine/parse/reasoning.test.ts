import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { textsOf } from "./helpers.js";

describe("reasoning blocks", () => {
  it("ignores candidates written inside <think> blocks", () => {
    const raw =
      '<think>Maybe ["draft one", "draft two"]?</think>\n{"responses": [{"text": "final", "probability": 1}]}';
    expect(textsOf(parseCandidates(raw))).toEqual(["final"]);
  });

  it("removes several blocks, in any case and with attributes", () => {
    const raw = '<THINK>a</THINK>["one", <thinking mode="x">["no"]</thinking> "two"]';
    expect(textsOf(parseCandidates(raw))).toEqual(["one", "two"]);
  });

  it("drops everything before a closing tag whose opening tag was in the prompt", () => {
    const raw = 'I should write ["bad"] first.\n</think>\n["good one", "good two"]';
    expect(textsOf(parseCandidates(raw))).toEqual(["good one", "good two"]);
  });

  it("drops an unclosed <think> block to the end and says so", () => {
    const result = parseCandidates('["kept", "too"]\n<think>still thinking ["cut"');
    expect(textsOf(result)).toEqual(["kept", "too"]);
    expect(result.warnings).toContain("the output ended inside a reasoning block");
  });

  it("returns no candidates when the whole output is unfinished reasoning", () => {
    const result = parseCandidates('<think>["a", "b"] hmm', { allowPlainText: true });
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toContain("the output was empty");
  });
});
