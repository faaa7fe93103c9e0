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
    // Splitting is what is under test here, so the answer bound is lifted.
    harness = await startSlackHarness({ env: { VSBOT_MAX_ANSWER_CHARS: "100000" } });
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

describe("Slack: answers past VSBOT_MAX_ANSWER_CHARS", () => {
  it("cuts a 1 MB candidate to one message with a visible mark, and carries on", async () => {
    const harness = await startSlackHarness();
    try {
      const huge = `${"All work and no play makes a long answer. ".repeat(25_000)}THE END`;
      expect(huge.length).toBeGreaterThan(1_000_000);
      harness.model.enqueue({
        content: vsJson([
          [huge, 0.6],
          [`Another. ${huge}`, 0.4],
        ]),
      });
      await harness.command("/story", "a very long night");
      await harness.platform.idle();
      const posts = harness.slack.callsTo("chat.postMessage");
      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect(posts.length).toBeLessThanOrEqual(5);
      const text = posts.map((post) => sectionTexts(post.args).join("\n")).join("\n");
      expect(text).toMatch(
        /\[cut: the answer was 1,0\d\d,\d{3} characters; only the first 4,000 are shown\]/,
      );
      expect(text).not.toContain("THE END");
      expect(text.length).toBeLessThan(5000);
      await harness.command("/joke", "still up?");
      await harness.slack.waitForCalls("chat.postMessage", posts.length + 1);
    } finally {
      await harness.close();
    }
  });
});
