import { describe, expect, it } from "vitest";
import { parseCardJson } from "../../../../src/app/personas/cards/index.js";
import {
  type LoreBook,
  type LoreEntry,
  loreText,
  selectLore,
} from "../../../../src/app/personas/lore/index.js";
import { estimateTokens } from "../../../../src/app/personas/personas.js";
import { json, odalysV2, tamsinV3 } from "../card-fixtures.js";

const odalys = parseCardJson(json(odalysV2()));
const odalysBook = odalys.characterBook as LoreBook;
const names = { character: "Captain Odalys Venn", user: "Ada" };
const wide = { budgetTokens: 10_000, names };

function entry(content: string, fields: Partial<LoreEntry> = {}): LoreEntry {
  return { keys: [], content, enabled: true, insertionOrder: 0, extensions: {}, ...fields };
}

function book(entries: LoreEntry[], fields: Partial<LoreBook> = {}): LoreBook {
  return { extensions: {}, entries, ...fields };
}

const contents = (selection: ReturnType<typeof selectLore>) =>
  selection.chosen.map((lore) => lore.content);

describe("choosing lore entries", () => {
  it("inserts an entry when its key appears in the conversation, and not otherwise", () => {
    const withKey = selectLore(odalysBook, ["Ada: what does the Storm Glass say?"], wide);
    expect(contents(withKey)).toContain("The storm glass clouds over a day before any squall.");
    const without = selectLore(odalysBook, ["Ada: fine weather today"], wide);
    expect(contents(without)).not.toContain("The storm glass clouds over a day before any squall.");
  });

  it("always inserts constant entries, never disabled ones, with names substituted", () => {
    const selection = selectLore(odalysBook, ["Ada: tell me about your debt"], wide);
    expect(contents(selection)).toEqual(["The Kestrel's crew are loyal to Captain Odalys Venn."]);
    expect(selection.chosen[0]?.reason).toEqual({ kind: "constant" });
  });

  it("honours case_sensitive keys", () => {
    const lower = selectLore(odalysBook, ["is the kestrel fast?"], wide);
    expect(lower.chosen.map((lore) => lore.index)).not.toContain(1);
    const exact = selectLore(odalysBook, ["is the Kestrel fast?"], wide);
    expect(exact.chosen.find((lore) => lore.index === 1)?.reason).toEqual({
      kind: "key",
      key: "Kestrel",
    });
  });

  it("matches keys as substrings by default and as whole words when asked", () => {
    const dragons = book([entry("Dragons nest in the cliffs.", { keys: ["dragon"] })]);
    expect(contents(selectLore(dragons, ["two dragons!"], { budgetTokens: 100 }))).toHaveLength(1);
    const words = { budgetTokens: 100, wholeWords: true };
    expect(contents(selectLore(dragons, ["two dragons!"], words))).toHaveLength(0);
    expect(contents(selectLore(dragons, ["a snapdragon"], words))).toHaveLength(0);
    expect(contents(selectLore(dragons, ["(Dragon), she said"], words))).toHaveLength(1);
    expect(contents(selectLore(dragons, ["the dragon"], words))).toHaveLength(1);
  });

  it("matches phrases as whole words, past many near misses, in any script", () => {
    const phrase = book([
      entry("Glass.", { keys: ["storm glass"] }),
      entry("Café.", { keys: ["Café"] }),
    ]);
    const words = { budgetTokens: 100, wholeWords: true };
    expect(contents(selectLore(phrase, ["the storm glass!"], words))).toEqual(["Glass."]);
    expect(contents(selectLore(phrase, ["the storm glasses"], words))).toEqual([]);
    expect(contents(selectLore(phrase, ["two cafés"], words))).toEqual([]);
    expect(contents(selectLore(phrase, ["au café."], words))).toEqual(["Café."]);
    const pair = book([entry("Pair.", { keys: ["a a"] })]);
    const misses = "aa a ".repeat(200);
    expect(contents(selectLore(pair, [misses], words))).toEqual([]);
    expect(contents(selectLore(pair, [`${misses}. a a.`], words))).toEqual(["Pair."]);
  });

  it("takes an entry's own whole-word and case settings from its SillyTavern extensions", () => {
    const own = book([
      entry("Ink.", {
        keys: ["Ink"],
        extensions: { match_whole_words: true, case_sensitive: true },
      }),
    ]);
    expect(contents(selectLore(own, ["pink ink"], { budgetTokens: 100 }))).toHaveLength(0);
    expect(contents(selectLore(own, ["Ink well"], { budgetTokens: 100 }))).toHaveLength(1);
  });

  it("needs a secondary key for a selective entry, and says which matched", () => {
    expect(
      selectLore(odalysBook, ["we dock at the harbor"], wide).chosen.map((lore) => lore.index),
    ).not.toContain(2);
    const night = selectLore(odalysBook, ["we dock at the harbor after dark"], wide);
    expect(night.chosen.find((lore) => lore.index === 2)?.reason).toEqual({
      kind: "key",
      key: "harbor",
      logic: "and_any",
      secondaryKey: "dark",
    });
  });

  it("follows SillyTavern's selectiveLogic for secondary keys", () => {
    const logic = (selectiveLogic: number) =>
      book([
        entry("Lore.", {
          keys: ["harbor"],
          secondaryKeys: ["night", "dark"],
          selective: true,
          extensions: { selectiveLogic },
        }),
      ]);
    const chosen = (value: number, text: string) =>
      selectLore(logic(value), [text], { budgetTokens: 100 }).chosen.length;
    const bothText = "harbor night dark";
    const oneText = "harbor night";
    const noneText = "harbor noon";
    expect([chosen(0, bothText), chosen(0, oneText), chosen(0, noneText)]).toEqual([1, 1, 0]);
    expect([chosen(1, bothText), chosen(1, oneText), chosen(1, noneText)]).toEqual([0, 1, 1]);
    expect([chosen(2, bothText), chosen(2, oneText), chosen(2, noneText)]).toEqual([0, 0, 1]);
    expect([chosen(3, bothText), chosen(3, oneText), chosen(3, noneText)]).toEqual([1, 0, 0]);
  });

  it("orders the chosen entries by insertion_order, then the book's order", () => {
    const selection = selectLore(
      odalysBook,
      ["the Kestrel, the storm glass, the harbor at night"],
      wide,
    );
    expect(selection.chosen.map((lore) => lore.entry.insertionOrder)).toEqual([1, 10, 20, 30]);
    expect(selection.chosen.map((lore) => lore.position)).toEqual([
      "after_char",
      "before_char",
      "after_char",
      "after_char",
    ]);
  });

  it("leaves out whole entries that do not fit, never cutting one, and tries smaller ones after", () => {
    const big = "b".repeat(400);
    const lore = book([
      entry("constant fact", { constant: true, insertionOrder: 1 }),
      entry(big, { keys: ["tower"], insertionOrder: 3 }),
      entry("small tower note", { keys: ["tower"], insertionOrder: 2 }),
    ]);
    const budget = estimateTokens("constant fact") + estimateTokens("small tower note") + 5;
    const selection = selectLore(lore, ["the tower"], { budgetTokens: budget });
    expect(contents(selection)).toEqual(["constant fact", "small tower note"]);
    expect(selection.overBudget.map((item) => item.content)).toEqual([big]);
    expect(selection.tokens).toBeLessThanOrEqual(budget);
    expect(selection.tokens).toBe(
      estimateTokens("constant fact") + estimateTokens("small tower note"),
    );
  });

  it("keeps constant entries first, then higher priority, then higher insertion_order, when the budget is short", () => {
    const lore = book([
      entry("aaaa", { keys: ["x"], insertionOrder: 9 }),
      entry("bbbb", { keys: ["x"], insertionOrder: 1, priority: 5 }),
      entry("cccc", { constant: true, insertionOrder: 5 }),
      entry("dddd", { keys: ["x"], insertionOrder: 4 }),
    ]);
    expect(contents(selectLore(lore, ["x"], { budgetTokens: 1 }))).toEqual(["cccc"]);
    expect(contents(selectLore(lore, ["x"], { budgetTokens: 2 }))).toEqual(["bbbb", "cccc"]);
    expect(contents(selectLore(lore, ["x"], { budgetTokens: 3 }))).toEqual([
      "bbbb",
      "cccc",
      "aaaa",
    ]);
    expect(contents(selectLore(lore, ["x"], { budgetTokens: 0 }))).toEqual([]);
  });

  it("applies the book's own token_budget when it is smaller", () => {
    const lore = book([entry("aaaa", { constant: true }), entry("bbbb", { constant: true })], {
      tokenBudget: 1,
    });
    const selection = selectLore(lore, [], { budgetTokens: 100 });
    expect(selection.budget).toBe(1);
    expect(contents(selection)).toEqual(["aaaa"]);
  });

  it("scans only the latest scan_depth messages", () => {
    const messages = ["Ada: the storm glass!", "Odalys: hush", "Ada: fine", "Odalys: quite"];
    expect(contents(selectLore(odalysBook, messages, wide))).not.toContain(
      "The storm glass clouds over a day before any squall.",
    );
    const deeper = { ...odalysBook, scanDepth: 4 };
    expect(contents(selectLore(deeper, messages, wide))).toContain(
      "The storm glass clouds over a day before any squall.",
    );
    const entryDepth = book([
      entry("Glass.", { keys: ["storm glass"], extensions: { scan_depth: 1 } }),
    ]);
    expect(contents(selectLore(entryDepth, messages, { budgetTokens: 100 }))).toEqual([]);
    expect(contents(selectLore(entryDepth, messages, { budgetTokens: 100, scanDepth: 0 }))).toEqual(
      [],
    );
  });

  it("never inserts an entry with empty content", () => {
    const lore = book([entry("   ", { constant: true }), entry("", { keys: ["x"] })]);
    expect(selectLore(lore, ["x"], { budgetTokens: 100 }).chosen).toEqual([]);
  });

  it("returns nothing for a card without a book", () => {
    expect(selectLore(undefined, ["anything"], { budgetTokens: 50 })).toEqual({
      chosen: [],
      overBudget: [],
      tokens: 0,
      budget: 50,
    });
  });

  it("substitutes {{char}} and {{user}} in keys before matching", () => {
    const lore = book([entry("About the user.", { keys: ["{{user}}'s map"] })]);
    expect(contents(selectLore(lore, ["here is Ada's map"], wide))).toEqual(["About the user."]);
  });
});

describe("regular-expression keys", () => {
  const tamsin = parseCardJson(json(tamsinV3()));

  it("matches V3 use_regex keys, case-insensitively unless the entry says otherwise", () => {
    const selection = selectLore(tamsin.characterBook, ["I found two Music Boxes"], {
      budgetTokens: 200,
    });
    expect(selection.chosen.find((lore) => lore.index === 0)?.reason).toEqual({
      kind: "key",
      key: "music ?box(es)?",
    });
  });

  it("matches SillyTavern's /pattern/flags keys", () => {
    const lore = book([entry("Owls.", { keys: ["/\\bowl(s|et)?\\b/i"] })]);
    expect(contents(selectLore(lore, ["an OWLET hooted"], { budgetTokens: 100 }))).toEqual([
      "Owls.",
    ]);
    expect(contents(selectLore(lore, ["a bowl of soup"], { budgetTokens: 100 }))).toEqual([]);
  });

  it("treats a pattern that does not compile as no match", () => {
    const lore = book([entry("Broken.", { keys: ["(unclosed", "(?<=x)y"], useRegex: true })]);
    expect(contents(selectLore(lore, ["(unclosed xy"], { budgetTokens: 100 }))).toEqual([]);
  });

  it("runs a backtracking-prone pattern in linear time", () => {
    const lore = book([entry("Never.", { keys: ["^(a+)+$"], useRegex: true })]);
    const hostile = `${"a".repeat(15_000)}b`;
    expect(contents(selectLore(lore, [hostile], { budgetTokens: 100 }))).toEqual([]);
  });
});

describe("V3 decorators", () => {
  it("removes decorator lines from the inserted content and honours @@activate", () => {
    const tamsin = parseCardJson(json(tamsinV3()));
    const selection = selectLore(tamsin.characterBook, ["hello"], { budgetTokens: 200 });
    expect(selection.chosen).toHaveLength(1);
    expect(selection.chosen[0]).toMatchObject({
      content: "The archive's lamps never go out.",
      reason: { kind: "decorator" },
    });
  });

  it("honours @@exclude_keys, @@additional_keys and @@dont_activate", () => {
    const lore = book([
      entry("@@exclude_keys lullaby\nSongs are filed by feeling.", { keys: ["song"] }),
      entry("@@additional_keys rain, storm\nStorm songs.", { keys: ["song"] }),
      entry("@@dont_activate\nHidden.", { constant: true }),
      entry("@@unknown_thing 3\n@@@activate\nFallback used.", { keys: ["zzz"] }),
    ]);
    const scan = (text: string) => contents(selectLore(lore, [text], { budgetTokens: 100 }));
    expect(scan("a song")).toEqual(["Songs are filed by feeling.", "Fallback used."]);
    expect(scan("a lullaby song")).toEqual(["Fallback used."]);
    expect(scan("a song in the storm")).toEqual([
      "Songs are filed by feeling.",
      "Storm songs.",
      "Fallback used.",
    ]);
  });
});

describe("recursive scanning", () => {
  const lore = (recursiveScanning: boolean) =>
    book(
      [
        entry("The lighthouse keeps the old lens.", { keys: ["lighthouse"] }),
        entry("The lens was ground in Varrow.", { keys: ["lens"] }),
        entry("Varrow is a glassmakers' town.", { keys: ["Varrow"] }),
        entry("Never reached.", { keys: ["lens"], extensions: { exclude_recursion: true } }),
      ],
      { recursiveScanning },
    );

  it("lets inserted entries trigger others when the book asks for it", () => {
    const selection = selectLore(lore(true), ["to the lighthouse"], { budgetTokens: 100 });
    expect(contents(selection)).toEqual([
      "The lighthouse keeps the old lens.",
      "The lens was ground in Varrow.",
      "Varrow is a glassmakers' town.",
    ]);
    expect(selection.chosen[1]?.reason).toEqual({ kind: "recursion", key: "lens" });
  });

  it("does not recurse when the book says no", () => {
    expect(contents(selectLore(lore(false), ["to the lighthouse"], { budgetTokens: 100 }))).toEqual(
      ["The lighthouse keeps the old lens."],
    );
  });
});

describe("lore text", () => {
  it("joins the chosen entries for one position of the prompt", () => {
    const selection = selectLore(odalysBook, ["the Kestrel and the storm glass"], wide);
    expect(loreText(selection.chosen, "before_char")).toBe(
      "The Kestrel has a patched blue envelope and a brass figurehead.",
    );
    expect(loreText(selection.chosen, "after_char")).toBe(
      "The Kestrel's crew are loyal to Captain Odalys Venn.\n\nThe storm glass clouds over a day before any squall.",
    );
  });
});
