import { describe, expect, it } from "vitest";
import { candidateKey, parseCandidates } from "../../../src/engine/parse/index.js";
import { probabilitiesOf, textsOf, verbalizedOf } from "./helpers.js";

describe("candidate texts", () => {
  it("trims the ends but keeps inner line breaks and spacing", () => {
    const raw = JSON.stringify(["  \n Roses  are red,\n\n\tviolets  are blue \n", "b"]);
    expect(textsOf(parseCandidates(raw))).toEqual(["Roses  are red,\n\n\tviolets  are blue", "b"]);
  });

  it("keeps raw line breaks written inside JSON strings", () => {
    const raw = '{"responses": [{"text": "Line one\nLine two\n  Line three", "probability": 1}]}';
    expect(textsOf(parseCandidates(raw))).toEqual(["Line one\nLine two\n  Line three"]);
  });

  it("drops empty and whitespace-only texts and says so", () => {
    const result = parseCandidates(JSON.stringify(["a", "", " \n\t ", "b"]));
    expect(textsOf(result)).toEqual(["a", "b"]);
    expect(result.warnings).toContain("dropped 2 empty candidates");
  });

  it("merges exact duplicates into the first occurrence, adding their weights", () => {
    const raw = JSON.stringify([
      { text: "a", probability: 0.2 },
      { text: "b", probability: 0.3 },
      { text: "a", probability: 0.1 },
    ]);
    const result = parseCandidates(raw);
    expect(textsOf(result)).toEqual(["a", "b"]);
    expect(verbalizedOf(result)[0]).toBeCloseTo(0.3, 12);
    expect(probabilitiesOf(result)[0]).toBeCloseTo(0.5, 12);
    expect(result.warnings).toContain("merged 1 duplicate candidate into earlier ones");
  });

  it("merges near-duplicates that differ in case, punctuation, spacing or Unicode form", () => {
    const raw = JSON.stringify([
      { text: "Why did the café close? It ran out of beans!", probability: 0.4 },
      { text: "why did the  cafe\u0301 close it ran out of beans", probability: 0.1 },
      { text: "WHY DID THE CAFÉ CLOSE?! It ran out of beans…", probability: 0.1 },
      { text: "Why did the café open?", probability: 0.4 },
    ]);
    const result = parseCandidates(raw);
    expect(textsOf(result)).toEqual([
      "Why did the café close? It ran out of beans!",
      "Why did the café open?",
    ]);
    expect(probabilitiesOf(result)[0]).toBeCloseTo(0.6, 12);
  });

  it("keeps the stated weight of a duplicate when the first had none", () => {
    const result = parseCandidates(
      JSON.stringify([
        { text: "a" },
        { text: "b", probability: 0.5 },
        { text: "A", probability: 0.5 },
      ]),
    );
    expect(verbalizedOf(result)).toEqual([0.5, 0.5]);
  });

  it("gives texts of punctuation only a key of their own", () => {
    expect(candidateKey("...")).not.toBe(candidateKey("!!!"));
    expect(candidateKey("Hello, World!")).toBe(candidateKey("hello world"));
  });
});
