import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allTextOf } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

describe("Slack: failures reach the user privately, and never as a stack trace", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("tells the user privately when the model fails, and posts nothing in the channel", async () => {
    harness.model.enqueue({ status: 500 });
    const acked = await harness.command("/joke");
    expect(acked.status).toBe(200);
    const [error] = await harness.slack.waitForResponses(1);
    await harness.platform.idle();

    expect(error?.body.response_type).toBe("ephemeral");
    const shown = allTextOf(error?.body ?? {});
    expect(shown).toContain("The model server had an error. Please try again shortly.");
    expect(shown).not.toMatch(/\bat .+:\d+:\d+|Error:|InternalServerError/);
    expect(harness.slack.callsTo("chat.postMessage")).toEqual([]);
  });

  it("shows the user message of invalid input, e.g. an option out of range", async () => {
    await harness.command("/brainstorm", "offsite count: 99");
    const [error] = await harness.slack.waitForResponses(1);
    expect(error?.body.response_type).toBe("ephemeral");
    expect(allTextOf(error?.body ?? {})).toContain("/brainstorm: count must be");
    expect(harness.model.requests).toEqual([]);
  });

  it("answers through the response_url where the bot is not in the channel", async () => {
    harness.slack.fail("chat.postMessage", "not_in_channel", 1);
    await harness.command("/joke");
    const [answer] = await harness.slack.waitForResponses(1);
    expect(answer?.body.response_type).toBe("in_channel");
    expect(allTextOf(answer?.body ?? {})).toContain("vs_more");
  });

  it("still answers a click where Slack refuses the thinking status", async () => {
    harness.slack.fail("assistant.threads.setStatus", "method_not_supported_for_channel_type");
    await harness.command("/joke");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer");
    await harness.click(answer, "vs_more");
    const posts = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(posts[1]?.args.thread_ts).toBe(answer.response.ts);
    expect(harness.slack.callsTo("assistant.threads.setStatus")).toHaveLength(1);
  });

  it("answers an expired button privately", async () => {
    await harness.command("/joke");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer");
    const expired = {
      ...answer,
      args: {
        ...answer.args,
        blocks: [{ type: "actions", elements: [{ action_id: "vs_more", value: "vs:more:gone" }] }],
      },
    };
    await harness.click(expired, "vs_more");
    const [error] = await harness.slack.waitForResponses(1);
    expect(error?.body.response_type).toBe("ephemeral");
    expect(allTextOf(error?.body ?? {})).toContain("This button has expired");
  });
});
