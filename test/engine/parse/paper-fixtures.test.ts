import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../../src/engine/parse/index.js";
import type { ParseResult } from "../../../src/engine/types.js";
import { ALL_DAMAGES, type DamagedReply, expectedFrom, normalizedWeights } from "./damage.js";
import { paperDataExists, paperDataSkipReason, readPaperLines } from "./paper-data.js";

if (!paperDataExists) console.warn(`paper fixture tests ${paperDataSkipReason}`);

const VS_FILES = [
  "gpt-4.1/vs-standard.jsonl",
  "gpt-4.1/vs-cot.jsonl",
  "gemini-2.5-flash/vs-standard.jsonl",
];
const COT_REASONING =
  "The user wants jokes on this topic. I will vary the style: puns, one-liners and a short story.";

function expectRecovered(result: ParseResult, reply: DamagedReply, where: string): void {
  const context = `${where}, ${reply.damage}`;
  expect(
    result.candidates.map((candidate) => candidate.text),
    context,
  ).toEqual(reply.expected.map((candidate) => candidate.text));
  const wanted = normalizedWeights(reply.expected);
  result.candidates.forEach((candidate, index) => {
    expect(candidate.probability, `${context}, candidate ${index}`).toBeCloseTo(
      wanted[index] ?? Number.NaN,
      9,
    );
  });
  result.candidates.forEach((candidate, index) => {
    const verbalized = reply.expected[index]?.verbalized;
    if (verbalized === null || verbalized === undefined) {
      expect(candidate.verbalized, `${context}, candidate ${index}`).toBe(verbalized ?? null);
    } else {
      expect(candidate.verbalized, `${context}, candidate ${index}`).toBeCloseTo(verbalized, 9);
    }
  });
  for (const pattern of reply.warnings) {
    expect(result.warnings, context).toContainEqual(expect.stringMatching(pattern));
  }
  const total = result.candidates.reduce((sum, candidate) => sum + candidate.probability, 0);
  expect(total, context).toBeCloseTo(1, 12);
  expect(result.truncated, context).toBe(reply.truncated);
}

describe.skipIf(!paperDataExists)(
  `parsing damaged replies built from the paper's real outputs${paperDataExists ? "" : ` (${paperDataSkipReason})`}`,
  () => {
    for (const file of VS_FILES) {
      const lines = paperDataExists ? readPaperLines(file) : [];
      const reasoning = file.includes("cot") ? COT_REASONING : undefined;
      const damageNames = ALL_DAMAGES.map((damage) => damage.name);
      it.each(damageNames)(`recovers every candidate of ${file} from %s`, (name) => {
        const damage = ALL_DAMAGES[damageNames.indexOf(name)];
        expect(damage).toBeDefined();
        expect(lines.length).toBeGreaterThan(0);
        lines.forEach((line, lineIndex) => {
          const replies =
            damage?.(line.responses, { variant: lineIndex, ...(reasoning ? { reasoning } : {}) }) ??
            [];
          expect(replies.length).toBeGreaterThan(0);
          for (const reply of replies) {
            expectRecovered(
              parseCandidates(reply.raw, reply.options),
              reply,
              `${file} line ${lineIndex + 1}`,
            );
          }
        });
      });
    }

    it("gives uniform weights to the sequence method's texts, which have no probabilities", () => {
      const lines = readPaperLines("gpt-4.1/sequence.jsonl");
      expect(lines.length).toBeGreaterThan(0);
      lines.forEach((line, lineIndex) => {
        const reply: DamagedReply = {
          damage: "sequence",
          raw: JSON.stringify({ responses: line.responses }),
          options: { expected: 5 },
          expected: expectedFrom(line.responses),
          truncated: false,
          warnings: [/uniform/],
        };
        const result = parseCandidates(reply.raw, reply.options);
        expectRecovered(result, reply, `sequence line ${lineIndex + 1}`);
        for (const candidate of result.candidates) expect(candidate.probability).toBe(0.2);
      });
    });

    it("keeps the stated probabilities as verbalized values in the undamaged replies", () => {
      for (const line of readPaperLines("gemini-2.5-flash/vs-standard.jsonl")) {
        const result = parseCandidates(JSON.stringify(line), { expected: 5 });
        expect(result.warnings).toEqual([]);
        expect(result.candidates.map((candidate) => candidate.verbalized)).toEqual(
          line.responses.map((response) => response.probability),
        );
      }
    });
  },
);
