import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rougeL } from "../../src/diversity/rouge-l.js";
import { COMPARED_TEXTS, screenCandidates } from "../../src/engine/duplicate-guard.js";

const guard = { threshold: 0.7 };
const texts = (...values: string[]) => values.map((text) => ({ text }));
const keptTexts = (
  earlier: string[],
  candidates: string[],
  options: { threshold: number; compared?: number } = guard,
) =>
  screenCandidates(earlier, texts(...candidates), options).kept.map((candidate) => candidate.text);

describe("screenCandidates", () => {
  it("drops a rewording of an earlier answer and keeps a new one", () => {
    const earlier = ["Because the Caesar salad was too expensive!"];
    const result = screenCandidates(
      earlier,
      texts("Because the Caesar salad was getting too expensive!", "A kale smoothie walked in."),
      guard,
    );
    expect(result.kept.map((candidate) => candidate.text)).toEqual(["A kale smoothie walked in."]);
    expect(result.dropped).toEqual([
      {
        candidate: { text: "Because the Caesar salad was getting too expensive!" },
        like: earlier[0],
        similarity: (2 * 7) / 15,
        keptIndex: null,
      },
    ]);
  });

  it("ignores case, punctuation, quotes and whitespace", () => {
    expect(
      keptTexts(["Don't  STOP believing."], ["“don’t stop — believing”", "dont stop believing"]),
    ).toEqual([]);
  });

  it("drops a candidate at the threshold and keeps one just below it", () => {
    // 7 of 10 words in common: ROUGE-L = 2·7 / 20 = 0.7 exactly.
    const base = "one two three four five six seven eight nine ten";
    const atThreshold = "one two three four five six seven alpha beta gamma";
    const below = "one two three four five six alpha beta gamma delta";
    expect(rougeL(base, atThreshold)).toBeCloseTo(0.7, 12);
    expect(keptTexts([base], [atThreshold])).toEqual([]);
    expect(keptTexts([base], [below])).toEqual([below]);
  });

  it("compares the candidates of one batch with each other, keeping the first", () => {
    const result = screenCandidates(
      [],
      texts(
        "Why did the tomato blush? The salad dressing.",
        "why did the tomato blush, the salad dressing!!",
        "Other",
      ),
      guard,
    );
    expect(result.kept.map((candidate) => candidate.text)).toEqual([
      "Why did the tomato blush? The salad dressing.",
      "Other",
    ]);
    expect(result.dropped[0]?.keptIndex).toBe(0);
  });

  it("compares with the latest earlier texts only, up to the cap", () => {
    const old = "the very first joke of this long chain about coffee";
    const filler = Array.from({ length: COMPARED_TEXTS }, (_, index) => `filler ${index}`);
    expect(keptTexts([old, ...filler], [old])).toEqual([old]);
    expect(keptTexts([...filler, old], [old])).toEqual([]);
    expect(keptTexts([old], [old], { threshold: 0.7, compared: 0 })).toEqual([old]);
  });

  it("is off above 1 and keeps texts without words", () => {
    expect(keptTexts(["same"], ["same"], { threshold: 1.01 })).toEqual(["same"]);
    expect(keptTexts(["!!!"], ["???", "..."])).toEqual(["???", "..."]);
  });

  it("keeps no pair at or above the threshold and drops nothing it could have kept", () => {
    const word = fc.constantFrom("salad", "tomato", "chef", "the", "a", "was", "too", "dressing");
    const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 6 }),
        fc.array(text, { maxLength: 8 }),
        (earlier, candidates) => {
          const result = screenCandidates(earlier, texts(...candidates), guard);
          const kept = result.kept.map((candidate) => candidate.text);
          for (const [index, candidate] of kept.entries()) {
            for (const other of [...earlier, ...kept.slice(0, index)]) {
              expect(rougeL(candidate, other)).toBeLessThan(0.7);
            }
          }
          for (const dropped of result.dropped) {
            expect(rougeL(dropped.candidate.text, dropped.like)).toBeGreaterThanOrEqual(0.7);
          }
          expect(kept.length + result.dropped.length).toBe(candidates.length);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
