import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vsJson } from "../../fakes/fake-openai-server.js";
import type { SlackApiCall } from "../../fakes/fake-slack.js";
import { buttonsOf, sectionTexts } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

const IDEAS: ReadonlyArray<readonly [string, number]> = [
  ["Lighthouse retreat: a night on the coast with a quiz.", 0.2],
  ["Cook-off: teams cook one regional dish each.", 0.16],
  ["Escape room built by the team itself.", 0.14],
  ["Volunteer day at a community garden.", 0.12],
  ["Silent hike followed by a long lunch.", 0.11],
  ["Hack day on tools nobody has time for.", 0.1],
  ["Boat trip with a storytelling contest.", 0.09],
  ["Museum night with self-made audio guides.", 0.05],
  ["Board game tournament with homemade rules.", 0.03],
];

function numberedLines(post: SlackApiCall): { number: number; text: string }[] {
  return sectionTexts(post.args)
    .join("\n")
    .split("\n")
    .map((line) => /^(\d+)\. (.+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ number: Number(match[1]), text: match[2] ?? "" }));
}

describe("Slack: /brainstorm", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("posts a numbered list, and More ideas continues the numbering in its thread without repeats", async () => {
    harness.model.enqueue({ content: vsJson(IDEAS) });
    await harness.command("/brainstorm", "team offsite count: 3");
    const [first] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!first) throw new Error("no list");
    expect(buttonsOf(first.args).has("vs_more")).toBe(true);
    const root = String(first.response.ts);

    await harness.click(first, "vs_more");
    const [, second] = await harness.slack.waitForCalls("chat.postMessage", 2);
    if (!second) throw new Error("no more ideas");
    await harness.click(second, "vs_more");
    const [, , third] = await harness.slack.waitForCalls("chat.postMessage", 3);
    if (!third) throw new Error("no more ideas");

    expect(second.args.thread_ts).toBe(root);
    expect(third.args.thread_ts).toBe(root);
    const lines = [first, second, third].flatMap(numberedLines);
    expect(lines.map((line) => line.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(lines.map((line) => line.text)).size).toBe(9);
    expect(harness.model.requests).toHaveLength(1);
  });
});
