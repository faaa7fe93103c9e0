import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC_FILE, readRubric, readScore } from "../../src/eval/judge.js";

describe("readScore", () => {
  it.each([
    ['{"reason": "lands well", "score": 8}', 8],
    ['```json\n{"score": "7", "reason": "ok"}\n```', 7],
    ['Here you go: {"reason":"x","score":9.5}', 9.5],
    ["6", 6],
    [" 4/10 ", 4],
  ])("reads %j as %d", (reply, score) => {
    expect(readScore(reply)).toBe(score);
  });

  it.each([
    ['{"score": 0}'],
    ['{"score": 11}'],
    ["a solid seven"],
    [""],
    ['{"reason": "no score"}'],
  ])("finds no usable score in %j", (reply) => {
    expect(readScore(reply)).toBeNull();
  });
});

describe("the judge rubric", () => {
  it("lives in a file of its own and asks for a 1-10 score as JSON", async () => {
    const rubric = await readRubric();
    expect(rubric).toBe(readFileSync(DEFAULT_RUBRIC_FILE, "utf8").trim());
    expect(rubric).toMatch(/from 1 to 10/);
    expect(rubric).toMatch(/"score"/);
  });

  it("names a rubric file it cannot read", async () => {
    await expect(readRubric("/nonexistent/rubric.md")).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: "Cannot read the judge rubric /nonexistent/rubric.md.",
    });
  });
});
