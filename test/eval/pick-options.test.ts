import { describe, expect, it } from "vitest";
import { countPicks, matchOption } from "../../src/eval/pick-options.js";
import { PROMPT_SETS } from "../../src/eval/prompt-sets.js";

const states = PROMPT_SETS.pick.find((seed) => seed.text === "a US state")?.options ?? [];
const numbers =
  PROMPT_SETS.pick.find((seed) => seed.text === "a number from 1 to 10")?.options ?? [];
const suits = ["hearts", "diamonds", "clubs", "spades"];

describe("matchOption", () => {
  it("finds the one option an answer names, in any case or punctuation", () => {
    expect(states[matchOption("I pick Texas!", states) ?? -1]).toBe("Texas");
    expect(states[matchOption("new york", states) ?? -1]).toBe("New York");
    expect(suits[matchOption("Heart ♥", suits) ?? -1]).toBe("hearts");
  });

  it("prefers the longer option that contains a shorter one's words", () => {
    expect(states[matchOption("West Virginia", states) ?? -1]).toBe("West Virginia");
    expect(states[matchOption("Virginia", states) ?? -1]).toBe("Virginia");
    expect(states[matchOption("Arkansas", states) ?? -1]).toBe("Arkansas");
  });

  it("reads digits and number words alike, and never a number inside another", () => {
    expect(numbers[matchOption("7", numbers) ?? -1]).toBe("7");
    expect(numbers[matchOption("Seven.", numbers) ?? -1]).toBe("7");
    expect(numbers[matchOption("10", numbers) ?? -1]).toBe("10");
    expect(matchOption("17", numbers)).toBeNull();
  });

  it("counts nothing for an answer naming none, or several", () => {
    expect(matchOption("I would rather not pick", suits)).toBeNull();
    expect(matchOption("7 or 8", numbers)).toBeNull();
    expect(matchOption("", suits)).toBeNull();
  });
});

describe("countPicks", () => {
  it("counts picks per option and keeps the rest apart", () => {
    expect(countPicks(["clubs", "Clubs!", "spades", "a joker"], suits)).toEqual({
      counts: [0, 0, 2, 1],
      unmatched: 1,
    });
  });
});
