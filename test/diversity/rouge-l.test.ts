import { describe, expect, it } from "vitest";
import { lcsLength, rougeL } from "../../src/diversity/rouge-l.js";
import { normalizedText, wordTokens } from "../../src/diversity/tokens.js";

describe("wordTokens", () => {
  it("folds case, drops punctuation and joins apostrophes inside words", () => {
    expect(wordTokens("Don’t STOP, believin'!")).toEqual(["dont", "stop", "believin"]);
    expect(wordTokens("...!?")).toEqual([]);
    expect(wordTokens("")).toEqual([]);
  });

  it("keeps accented letters and splits Han characters one by one", () => {
    expect(wordTokens("Café crème")).toEqual(["café", "crème"]);
    expect(wordTokens("我爱咖啡")).toEqual(["我", "爱", "咖", "啡"]);
    expect(normalizedText("  “Hello”,   world ")).toBe("hello world");
  });
});

describe("rougeL", () => {
  // F1 = 2·LCS / (|a| + |b|); each case worked out by hand.
  it.each([
    ["the cat sat on the mat", "the cat sat on the mat", 1],
    ["the cat sat on the mat", "the cat on the mat", (2 * 5) / (6 + 5)],
    ["a b c d", "d c b a", (2 * 1) / 8],
    ["police killed the gunman", "the gunman killed police", (2 * 2) / 8],
    ["one two three", "four five six", 0],
    [
      "Because the Caesar salad was too expensive!",
      "Because the Caesar salad was getting too expensive!",
      (2 * 7) / (7 + 8),
    ],
    ["Hello, World!", "hello world", 1],
    ["!!! ???", "...", 0],
    ["", "", 0],
    ["", "something", 0],
    ["Café au lait", "cafe au lait", (2 * 2) / 6],
    ["我爱咖啡", "我爱茶", (2 * 2) / 7],
    ["I ❤️ coffee", "I like coffee", (2 * 2) / (2 + 3)],
    ["Привет, мир!", "привет мир", 1],
    ["Die Straße ist lang", "die strasse ist lang", (2 * 3) / 8],
    ["ＡＢＣ ｄｅｆ", "abc def", 1],
    ["مرحبا بالعالم", "مرحبا", (2 * 1) / 3],
    ["Don't stop", "dont stop", 1],
    ["42 is the answer", "the answer is 42", (2 * 2) / 8],
    ["the the the", "the", (2 * 1) / 4],
    ["— … ! ¿?", "word", 0],
    ["\n\t  ", "   ", 0],
  ])("rougeL(%j, %j) = %d", (left, right, expected) => {
    expect(rougeL(left, right)).toBeCloseTo(expected, 10);
    expect(rougeL(right, left)).toBeCloseTo(expected, 10);
  });

  it("drops emoji and symbols but keeps every letter script as words", () => {
    expect(wordTokens("I ❤️ coffee ☕")).toEqual(["i", "coffee"]);
    expect(wordTokens("Straße")).toEqual(["straße"]);
  });

  it("finds the longest common subsequence, not the longest common run", () => {
    expect(lcsLength(["a", "x", "b", "y", "c"], ["a", "b", "c"])).toBe(3);
    expect(lcsLength(["a", "b"], [])).toBe(0);
  });
});
