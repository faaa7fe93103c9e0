import { describe, expect, it } from "vitest";
import { splitMessage } from "../../../src/platforms/discord/split-message.js";

function fences(text: string): number {
  return text.split("```").length - 1;
}

function expectValid(parts: readonly string[], limit: number): void {
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(limit);
    expect(part.trim().length).toBeGreaterThan(0);
    expect(fences(part) % 2).toBe(0);
  }
}

describe("splitMessage", () => {
  it("leaves a short message whole", () => {
    expect(splitMessage("Hello there.\n\nGeneral Kenobi.")).toEqual([
      "Hello there.\n\nGeneral Kenobi.",
    ]);
  });

  it("splits on paragraph breaks before line breaks", () => {
    const text = `${"a".repeat(30)}\n${"b".repeat(30)}\n\n${"c".repeat(30)}`;
    expect(splitMessage(text, 70)).toEqual([
      `${"a".repeat(30)}\n${"b".repeat(30)}`,
      "c".repeat(30),
    ]);
  });

  it("splits on line breaks, then sentence ends, then spaces", () => {
    expect(splitMessage(`${"a".repeat(40)}\n${"b".repeat(40)}`, 60)).toEqual([
      "a".repeat(40),
      "b".repeat(40),
    ]);
    const sentences = "One short sentence here. Another one follows it. And a third.";
    const parts = splitMessage(sentences, 50);
    expect(parts[0]).toBe("One short sentence here. Another one follows it.");
    expect(parts[1]).toBe("And a third.");
    expect(
      splitMessage("word ".repeat(20).trim(), 40).every((part) => !part.includes("wor d")),
    ).toBe(true);
  });

  it("cuts a very long single line without spaces at the limit", () => {
    const line = "x".repeat(5000);
    const parts = splitMessage(line, 2000);
    expect(parts.map((part) => part.length)).toEqual([2000, 2000, 1000]);
    expect(parts.join("")).toBe(line);
  });

  it("never cuts a surrogate pair in half", () => {
    const parts = splitMessage("😀".repeat(50), 33);
    expectValid(parts, 33);
    expect(parts.join("")).toBe("😀".repeat(50));
    for (const part of parts) expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it("moves a code block to the next part rather than cutting into it", () => {
    const prose = "Some words before the code. ".repeat(3).trim();
    const code = "```ts\nconst a = 1;\nconst b = 2;\nconsole.log(a + b);\n```";
    const parts = splitMessage(`${prose}\n${code}\nAfter.`, 110);
    expectValid(parts, 110);
    expect(parts.some((part) => part.includes(code))).toBe(true);
  });

  it("closes and reopens a code block longer than the limit, keeping its language", () => {
    const lines = Array.from({ length: 60 }, (_, index) => `line_${index} = compute(${index})`);
    const code = `\`\`\`python\n${lines.join("\n")}\n\`\`\``;
    const parts = splitMessage(`Intro.\n\n${code}\n\nOutro.`, 300);
    expectValid(parts, 300);
    const codeParts = parts.filter((part) => part.includes("line_"));
    expect(codeParts.length).toBeGreaterThan(2);
    for (const part of codeParts) expect(part.startsWith("```python\n")).toBe(true);
    for (const part of codeParts.slice(0, -1)) expect(part.endsWith("\n```")).toBe(true);
    for (const line of lines) expect(parts.join("\n")).toContain(line);
  });

  it("splits a code block made of one enormous line", () => {
    const parts = splitMessage(`\`\`\`\n${"y".repeat(4500)}\n\`\`\``, 2000);
    expectValid(parts, 2000);
    expect(
      parts
        .join("")
        .replace(/```\n?/g, "")
        .replace(/\n/g, ""),
    ).toBe("y".repeat(4500));
  });

  it("closes an unclosed fence so every part renders", () => {
    const parts = splitMessage(`Look:\n\`\`\`js\n${"let value = 1;\n".repeat(40)}`, 200);
    expectValid(parts, 200);
  });

  it("keeps code blocks whole in a 6,000-character story", () => {
    const paragraph = "The tide came in slowly over the flats, and nobody minded. "
      .repeat(24)
      .trim();
    const code = `\`\`\`\n${"map.read(north);\n".repeat(40)}\`\`\``;
    const story = [paragraph, paragraph, code, paragraph, paragraph].join("\n\n");
    expect(story.length).toBeGreaterThan(6000);
    const parts = splitMessage(story);
    expectValid(parts, 2000);
    expect(parts.some((part) => part.includes(code))).toBe(true);
    expect(parts.join("\n\n")).toBe(story);
  });
});
