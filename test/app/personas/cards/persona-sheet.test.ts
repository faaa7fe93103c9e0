import { describe, expect, it } from "vitest";
import { parseCardJson, personaSheet } from "../../../../src/app/personas/cards/index.js";
import { estimateTokens } from "../../../../src/app/personas/personas.js";
import { bramblev1, json, odalysV2, tamsinV3 } from "../card-fixtures.js";

describe("the persona sheet", () => {
  it("builds the description block from description, personality, scenario and examples", () => {
    const sheet = personaSheet(parseCardJson(json(odalysV2())), "Ada");
    expect(sheet.name).toBe("Captain Odalys Venn");
    expect(sheet.description).toBe(
      [
        "Captain Odalys Venn commands the airship Kestrel and owes money in four ports.",
        "Captain Odalys Venn's personality: bold, superstitious about weather, fond of Ada",
        "Scenario: Ada has just signed on as navigator.",
        "Examples of how Captain Odalys Venn writes:\nAda: Where are we headed?\nCaptain Odalys Venn: Wherever the wind pays best.\n\nAda: Is she safe?\nCaptain Odalys Venn: Safer than the harbor at night.",
      ].join("\n\n"),
    );
  });

  it("substitutes names in the system prompt, post-history instructions and greetings", () => {
    const sheet = personaSheet(parseCardJson(json(odalysV2())), "Ada");
    expect(sheet.systemPrompt).toBe(
      "You are Captain Odalys Venn. Never break character, and speak to Ada plainly.",
    );
    expect(sheet.postHistoryInstructions).toBe(
      "Keep Captain Odalys Venn's replies under four sentences.",
    );
    expect(sheet.greeting).toBe("Welcome aboard the Kestrel, Ada. Mind the ropes.");
    expect(sheet.alternateGreetings).toEqual([
      "Storm's coming, Ada. Grab the storm glass.",
      "You're late, Ada. The Kestrel waits for no one.",
    ]);
    expect(sheet.tokens).toBe(
      estimateTokens(sheet.description) +
        estimateTokens(sheet.systemPrompt) +
        estimateTokens(sheet.postHistoryInstructions),
    );
  });

  it("reads V1 aliases and leaves out parts the card does not have", () => {
    const sheet = personaSheet(
      parseCardJson(json({ ...bramblev1(), personality: "", mes_example: "" })),
      "Ada",
    );
    expect(sheet.description).toBe(
      "Bramble Quillfeather is a hedgehog who runs the village post office and reads every postcard.\n\nScenario: Ada comes in to send a parcel just before closing time.",
    );
    expect(sheet.greeting).toBe("Oh! Ada, you made it before the bell. What are we sending today?");
    expect(sheet.systemPrompt).toBe("");
  });

  it("uses a V3 card's nickname for {{char}}", () => {
    const sheet = personaSheet(parseCardJson(json(tamsinV3())), "Ada");
    expect(sheet.name).toBe("Tam");
    expect(sheet.greeting).toBe("Another song for the shelves, Ada? Let me listen.");
    expect(sheet.names).toEqual({ character: "Tam", user: "Ada" });
  });

  it("puts the user's name in on one line, bounded, with a fallback", () => {
    const card = parseCardJson(json({ name: "Nib", first_mes: "Hi {{user}}!" }));
    expect(personaSheet(card, "  Ada\nLovelace\u202e ").greeting).toBe("Hi Ada Lovelace!");
    expect(personaSheet(card, "x".repeat(500)).names.user).toHaveLength(80);
    expect(personaSheet(card, " \n ").greeting).toBe("Hi User!");
  });

  it("neutralises mentions in what is shown while the prompt keeps the words", () => {
    const card = parseCardJson(
      json({
        name: "**Nib** <@1>",
        first_mes: "Ping @everyone <!here>",
        creator_notes: "[x](https://e.test)",
      }),
    );
    const sheet = personaSheet(card, "Ada");
    expect(sheet.greeting).toBe("Ping @everyone <!here>");
    expect(sheet.display.greeting).not.toMatch(/@everyone|<!here>/);
    expect(sheet.display.name).toBe("Nib @1");
    expect(sheet.display.creatorNotes).not.toContain("](");
  });

  it("drops empty alternate greetings", () => {
    const card = parseCardJson(
      json({ spec: "chara_card_v2", data: { name: "Nib", alternate_greetings: ["", "  ", "Yo"] } }),
    );
    expect(personaSheet(card, "Ada").alternateGreetings).toEqual(["Yo"]);
  });
});
