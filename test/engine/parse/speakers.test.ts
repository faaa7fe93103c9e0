import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";

const speakers = ["Captain Reed", "Mira"];

function spoken(raw: string, options: { allowPlainText?: boolean } = {}) {
  return parseCandidates(raw, { speakers, ...options }).candidates.map((candidate) => [
    candidate.speaker,
    candidate.text,
  ]);
}

describe("candidates with speakers", () => {
  it("reads each response's speaker, matching the scene's names without case or markup", () => {
    const raw = JSON.stringify({
      responses: [
        { speaker: "captain reed", text: "Maps lie.", probability: 0.5 },
        { speaker: "**Mira**", text: "Then trust me.", probability: 0.3 },
        { character: "Mira", line: "Stars, then.", probability: 0.2 },
      ],
    });
    expect(spoken(raw)).toEqual([
      ["Captain Reed", "Maps lie."],
      ["Mira", "Then trust me."],
      ["Mira", "Stars, then."],
    ]);
  });

  it("takes the speaker from a leading name when there is no speaker field, and cuts it from the line", () => {
    expect(spoken(JSON.stringify(["Mira: Look, gulls!", "**Captain Reed**: Land ho."]))).toEqual([
      ["Mira", "Look, gulls!"],
      ["Captain Reed", "Land ho."],
    ]);
    expect(spoken("Mira: Hold the rope.", { allowPlainText: true })).toEqual([
      ["Mira", "Hold the rope."],
    ]);
  });

  it("drops lines spoken by no one in the scene, and says so, renormalizing the rest", () => {
    const result = parseCandidates(
      JSON.stringify({
        responses: [
          { speaker: "Narrator", text: "Night falls.", probability: 0.5 },
          { text: "Nobody said this.", probability: 0.2 },
          { speaker: "Mira", text: "I'm cold.", probability: 0.3 },
        ],
      }),
      { speakers },
    );
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]).toMatchObject({ speaker: "Mira", probability: 1 });
    expect(result.warnings.join(" ")).toContain("dropped 2 candidates spoken by no one");
  });

  it("keeps the same line from two speakers as two candidates", () => {
    const raw = JSON.stringify({
      responses: [
        { speaker: "Mira", text: "Aye.", probability: 0.5 },
        { speaker: "Captain Reed", text: "Aye.", probability: 0.5 },
      ],
    });
    expect(spoken(raw)).toHaveLength(2);
  });

  it("leaves tasks without speakers as they were: a lone name member is still the text", () => {
    const result = parseCandidates(
      JSON.stringify({ responses: [{ name: "A pun", probability: 1 }] }),
    );
    expect(result.candidates.map((candidate) => [candidate.text, candidate.speaker])).toEqual([
      ["A pun", undefined],
    ]);
  });
});
