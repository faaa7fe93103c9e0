import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import { probabilitiesOf, textsOf, verbalizedOf } from "./helpers.js";

const BLOCKS =
  "<response><text>first</text><probability>0.1</probability></response>\n<response><text>second</text><probability>0.3</probability></response>";

describe("the XML-ish tag form", () => {
  it("reads repeated response blocks", () => {
    const result = parseCandidates(BLOCKS);
    expect(textsOf(result)).toEqual(["first", "second"]);
    expect(verbalizedOf(result)).toEqual([0.1, 0.3]);
  });

  it("tolerates whitespace, attributes, upper case and a wrapper", () => {
    const raw = `Here:\n<responses>\n  <Response id="1">\n    <TEXT lang="en">\n      first\n    </TEXT>\n    <Probability> 0.1 </Probability>\n  </Response >\n  <response id="2"><text>second</text><probability>0.3</probability></response>\n</responses>`;
    expect(textsOf(parseCandidates(raw))).toEqual(["first", "second"]);
  });

  it("keeps line breaks inside a text and decodes entities", () => {
    const raw =
      "<response><text>Roses &amp; lilies,\n  &lt;3 you</text><probability>1</probability></response>";
    expect(textsOf(parseCandidates(raw))).toEqual(["Roses & lilies,\n  <3 you"]);
  });

  it("reads blocks whose </response> is missing before the next <response>", () => {
    const raw =
      "<response><text>first</text><probability>0.1</probability>\n<response><text>second</text><probability>0.3</probability></response>";
    expect(textsOf(parseCandidates(raw))).toEqual(["first", "second"]);
  });

  it("reads a probability given as an attribute of the response tag", () => {
    const raw =
      '<response probability="0.25"><text>a</text></response><response probability="0.75"><text>b</text></response>';
    expect(probabilitiesOf(parseCandidates(raw))).toEqual([0.25, 0.75]);
  });

  it("uses the block's content as the text when there is no <text> tag", () => {
    const raw =
      "<response>just a joke<probability>0.5</probability></response><response>another</response>";
    expect(textsOf(parseCandidates(raw))).toEqual(["just a joke", "another"]);
  });

  it("keeps an unterminated last block whose parts are closed when the model stopped normally", () => {
    const raw = `${BLOCKS}\n<response><text>third</text><probability>0.6</probability>`;
    const result = parseCandidates(raw, { finishReason: "stop" });
    expect(textsOf(result)).toEqual(["first", "second", "third"]);
    expect(result.truncated).toBe(false);
  });

  it("keeps an unterminated last block without a probability when its text is closed", () => {
    const result = parseCandidates(`${BLOCKS}\n<response><text>third</text>`);
    expect(textsOf(result)).toEqual(["first", "second", "third"]);
  });

  it("drops an unterminated last block when the model hit the token limit", () => {
    const raw = `${BLOCKS}\n<response><text>third</text><probability>0.6</probability>`;
    const result = parseCandidates(raw, { finishReason: "length" });
    expect(textsOf(result)).toEqual(["first", "second"]);
    expect(result.truncated).toBe(true);
    expect(result.warnings).toContain("dropped 1 candidate cut off at the end of the output");
  });

  it.each([
    "<response><text>thi",
    "<response><text>third</te",
    "<response><text>third</text><probability>0.",
    "<response>",
  ])("drops a last block cut inside its parts: %s", (tail) => {
    const result = parseCandidates(`${BLOCKS}\n${tail}`);
    expect(textsOf(result)).toEqual(["first", "second"]);
    expect(result.truncated).toBe(true);
  });

  it("prefers tags over JSON-looking text inside them", () => {
    const raw =
      '<response><text>He said ["hi"]</text><probability>0.5</probability></response><response><text>b</text></response>';
    expect(textsOf(parseCandidates(raw))).toEqual(['He said ["hi"]', "b"]);
  });
});
