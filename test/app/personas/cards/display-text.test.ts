import { describe, expect, it } from "vitest";
import { displayName, displayText, promptText } from "../../../../src/app/personas/cards/index.js";

const ZWSP = "\u200b";
const visible = (text: string) => text.replaceAll(ZWSP, "");

describe("card text shown to people", () => {
  it("breaks @everyone and @here so they notify no one, keeping how they read", () => {
    const shown = displayText("Hear ye @everyone and @HERE!");
    expect(shown).not.toMatch(/@everyone|@here/i);
    expect(visible(shown)).toBe("Hear ye @everyone and @HERE!");
  });

  it.each([
    "<@123456>",
    "<@!123456>",
    "<@&987>",
    "<#555>",
    "</persona start:42>",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0123ABC>",
    "<!subteam^S012|team>",
    "<https://phish.example|your bank>",
    "<mailto:a@example.test>",
  ])("breaks the mention or link markup %s", (markup) => {
    const shown = displayText(`hi ${markup}`);
    expect(shown).not.toContain(markup);
    expect(visible(shown)).toBe(`hi ${markup}`);
  });

  it("breaks markdown masked links, which hide where they lead", () => {
    const shown = displayText("[free nitro](https://phish.example)");
    expect(shown).not.toContain("](");
    expect(visible(shown)).toBe("[free nitro](https://phish.example)");
  });

  it("removes control, bidi, zero-width and tag characters but keeps emoji joiners", () => {
    const hidden = "a\u0000b\u0007c\u202ed\u2066e\u200ef\u200bg\ufeffh\u{e0041}i";
    expect(displayText(hidden)).toBe("abcdefghi");
    expect(displayText("family 👩\u200d👩\u200d👧 done")).toBe("family 👩\u200d👩\u200d👧 done");
    expect(displayText("one\r\ntwo\tthree")).toBe("one\ntwo\tthree");
  });

  it("cannot be tricked by invisible characters inside a mention", () => {
    expect(visible(displayText("@\u200beveryone <\u2060@1>"))).toBe("@everyone <@1>");
    expect(displayText("@\u200beveryone <\u2060@1>")).not.toMatch(/@everyone|<@1>/);
  });
});

describe("card text for the model", () => {
  it("keeps mentions and wording, normalizes line breaks and drops hidden characters", () => {
    expect(promptText(" Hi <@123> @everyone\r\nnext\u202eline\u{e0041} ")).toBe(
      "Hi <@123> @everyone\nnextline",
    );
  });
});

describe("a character's name for display", () => {
  it("is one line without markup that could break out of bold or code", () => {
    expect(displayName("**Evil**\n`Bot` ||x|| ~~y~~ <@1>")).toBe("Evil Bot x y @1");
    expect(displayName("__Under__score_name")).toBe("_Under_score_name");
  });

  it("is capped and never empty", () => {
    expect(Array.from(displayName("é".repeat(300), 100))).toHaveLength(100);
    expect(displayName("***")).toBe("Character");
  });
});
