import { afterEach, describe, expect, it } from "vitest";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

let harness: SlackHarness;

afterEach(async () => {
  await harness.runtime.chat.scenesSettled();
  await harness.close();
});

describe("Slack: scenes", () => {
  it("posts each line in the persona's thread under its speaker's name, and stops by itself", async () => {
    harness = await startSlackHarness({ env: { VSBOT_SCENE_PAUSE: "0", VSBOT_SCENE_TURNS: "4" } });
    await harness.command("/persona", "start a grumpy lighthouse keeper name: Bob");
    await harness.platform.idle();
    const [placeholder] = harness.slack.callsTo("chat.postMessage");
    const thread = String(placeholder?.response.ts);
    await harness.command("/persona", "scene add name: Ann description: a cheerful postwoman");
    await harness.platform.idle();
    let call = 0;
    const words = ["kettle", "parcel", "beacon", "seagull"];
    harness.model.respondWith(() => {
      call += 1;
      return {
        content: JSON.stringify({
          responses: [
            {
              speaker: call % 2 === 1 ? "Bob" : "Ann",
              text: `${words[call - 1] ?? "quiet"} ${call * 31} indeed.`,
              probability: 1,
            },
          ],
        }),
      };
    });
    const before = harness.slack.callsTo("chat.postMessage").length;
    await harness.command("/persona", "scene start");
    await harness.platform.idle();
    await harness.runtime.chat.scenesSettled();
    const posts = harness.slack.callsTo("chat.postMessage").slice(before);
    const lines = posts.filter((post) => JSON.stringify(post.args).includes("indeed."));
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.args.thread_ts === thread)).toBe(true);
    // Under the persona's name (username, or the name leading the text where Slack refuses).
    expect(
      lines.map((line) =>
        String(line.args.username ?? JSON.stringify(line.args).match(/\*(Bob|Ann)\*/)?.[1]),
      ),
    ).toEqual(["Bob", "Ann", "Bob", "Ann"]);
    expect(JSON.stringify(posts.at(-1)?.args)).toContain("stops by itself after 4 lines");
    expect(harness.model.requests).toHaveLength(4);
  });
});
