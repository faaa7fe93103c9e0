import { describe, expect, it } from "vitest";
import { splitText } from "../../../src/platforms/slack/split-text.js";

describe("splitText", () => {
  it("keeps text within the limit whole", () => {
    expect(splitText("short text", 100)).toEqual(["short text"]);
  });

  it("cuts at paragraph boundaries before line, sentence or word boundaries", () => {
    const first = "a".repeat(60);
    const second = "b".repeat(60);
    expect(splitText(`${first}\n\n${second}`, 100)).toEqual([first, second]);
  });

  it("cuts after a sentence when a paragraph is too long", () => {
    const text = `${"Word ".repeat(12)}ends here. ${"More ".repeat(12)}`;
    const chunks = splitText(text, 80);
    expect(chunks[0]?.endsWith("ends here.")).toBe(true);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(80);
  });

  it("never cuts an escaped entity or a surrogate pair in a hard cut", () => {
    const entities = "x".repeat(40) + "&amp;".repeat(30);
    for (const chunk of splitText(entities, 50)) {
      expect(chunk).not.toMatch(/&(?!amp;)|&a?m?p?$/);
    }
    const emoji = "😀".repeat(60);
    for (const chunk of splitText(emoji, 51)) {
      expect(chunk).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    }
  });

  it("closes a code fence it cuts and reopens it in the next chunk", () => {
    const code = Array.from({ length: 30 }, (_, line) => `const line${line} = ${line};`).join("\n");
    const chunks = splitText(`Here is code:\n\`\`\`\n${code}\n\`\`\`\nDone.`, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(chunks.join("\n").replace(/\n```\n```\n/g, "\n")).toContain(code.split("\n")[10]);
  });

  it("loses no words across chunks", () => {
    const words = Array.from({ length: 2000 }, (_, index) => `w${index}`);
    const chunks = splitText(words.join(" "), 3000);
    expect(chunks.join(" ").split(/\s+/)).toEqual(words);
  });
});
