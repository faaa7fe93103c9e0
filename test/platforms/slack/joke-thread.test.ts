import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackApiCall } from "../../fakes/fake-slack.js";
import { sectionTexts } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

describe("Slack: /joke and More like this", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers /joke then four clicks with five different jokes from one model call, all in the answer's thread, each within 3 s of its ack", async () => {
    const { slack, model } = harness;
    const acked = await harness.command("/joke");
    expect(acked.status).toBe(200);
    const [answer] = await slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer posted");
    expect(answer.args.channel).toBe("C0GENERAL");
    expect(answer.args.thread_ts).toBeUndefined();
    const root = String(answer.response.ts);

    const posts: SlackApiCall[] = [answer];
    for (let click = 1; click <= 4; click += 1) {
      const latest = posts[posts.length - 1] as SlackApiCall;
      const response = await harness.click(latest, "vs_more");
      expect(response.status).toBe(200);
      const all = await slack.waitForCalls("chat.postMessage", click + 1);
      const posted = all[click] as SlackApiCall;
      expect(posted.args.thread_ts).toBe(root);
      expect(posted.at - response.ackedAt).toBeLessThan(3000);
      posts.push(posted);
    }

    const jokes = posts.map((post) => sectionTexts(post.args).join("\n"));
    expect(new Set(jokes).size).toBe(5);
    expect(model.requests).toHaveLength(1);
  });
});
