import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vsJson } from "../../fakes/fake-openai-server.js";
import { buttonsOf, sectionTexts } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

function story(paragraphs: number, tag: string): string {
  return Array.from(
    { length: paragraphs },
    (_, index) =>
      `Paragraph ${index + 1} of the ${tag} tale. ` +
      "The keeper climbed the stairs again, counting each step, and the lamp answered with its slow turn. ".repeat(
        6,
      ),
  ).join("\n\n");
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

describe("Slack: long answers", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("splits a long answer across sections of at most 3000 characters, losing nothing", async () => {
    const tales = ["first", "second", "third", "fourth", "fifth"].map((tag) => story(12, tag));
    harness.model.enqueue({ content: vsJson(tales.map((tale) => [tale, 0.2] as const)) });
    await harness.command("/story", "a lighthouse");
    const [post] = await harness.slack.waitForCalls("chat.postMessage", 1);
    const sections = sectionTexts(post?.args ?? {});

    expect(sections.length).toBeGreaterThanOrEqual(3);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(3000);
    const posted = squash(sections.join(" "));
    expect(tales.map(squash)).toContain(posted);
  });

  it("continues an answer past about 12,000 characters in further messages, buttons on the last", async () => {
    const tales = ["first", "second", "third", "fourth", "fifth"].map((tag) => story(40, tag));
    harness.model.enqueue({ content: vsJson(tales.map((tale) => [tale, 0.2] as const)) });
    await harness.command("/story", "a very long night");
    await harness.platform.idle();
    const posts = harness.slack.callsTo("chat.postMessage");

    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const post of posts) {
      const sections = sectionTexts(post.args);
      expect(sections.join("").length).toBeLessThanOrEqual(12_000);
      expect((post.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);
      expect(post.args.thread_ts).toBeUndefined();
    }
    expect(posts.slice(0, -1).every((post) => buttonsOf(post.args).size === 0)).toBe(true);
    expect(buttonsOf(posts[posts.length - 1]?.args ?? {}).has("vs_more")).toBe(true);
    const posted = squash(posts.map((post) => sectionTexts(post.args).join(" ")).join(" "));
    expect(tales.map(squash)).toContain(posted);
  });
});
