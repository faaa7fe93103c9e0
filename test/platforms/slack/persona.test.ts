import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_BOT_ID, type SlackApiCall } from "../../fakes/fake-slack.js";
import { allTextOf, buttonsOf, sectionTexts } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

function lastPrompt(harness: SlackHarness): string {
  const request = harness.model.requests[harness.model.requests.length - 1];
  return JSON.stringify(request?.body.messages ?? []);
}

describe("Slack: personas live in the thread of their intro", () => {
  let harness: SlackHarness;
  let intro: SlackApiCall;
  let thread: string;

  beforeEach(async () => {
    harness = await startSlackHarness({
      users: [{ id: "U0ALICE", name: "alice", displayName: "Alice" }],
    });
    const acked = await harness.command("/persona", "start a grumpy lighthouse keeper name: Bob");
    expect(acked.status).toBe(200);
    await harness.platform.idle();
    const [placeholder] = harness.slack.callsTo("chat.postMessage");
    const [update] = harness.slack.callsTo("chat.update");
    if (!placeholder || !update) throw new Error("no intro posted");
    intro = update;
    thread = String(placeholder.response.ts);
  });
  afterEach(async () => {
    await harness.close();
  });

  it("posts an intro message and makes its thread the persona's home", () => {
    expect(intro.args.ts).toBe(thread);
    expect(sectionTexts(intro.args).join("\n")).toContain("*Bob* is here");
    expect(buttonsOf(intro.args).get("vs_persona_end")).toBe("end");
    expect(harness.model.requests).toHaveLength(0);
  });

  it("answers a message in the thread in character, in that thread, with a status while thinking", async () => {
    const acked = await harness.event({
      text: "Evening <@U0BOT>, how is the light?",
      ts: "1800000000.000100",
      threadTs: thread,
    });
    expect(acked.status).toBe(200);
    const [, reply] = await harness.slack.waitForCalls("chat.postMessage", 2);
    if (!reply) throw new Error("no reply");

    expect(reply.args.thread_ts).toBe(thread);
    expect([...buttonsOf(reply.args).keys()]).toEqual(["vs_swipe_back", "vs_swipe_next"]);
    const prompt = lastPrompt(harness);
    expect(prompt).toContain("Bob");
    expect(prompt).toContain("lighthouse keeper");
    expect(prompt).toContain("Alice: Evening, how is the light?");
    expect(prompt).not.toContain("U0BOT");
    const [status] = harness.slack.callsTo("assistant.threads.setStatus");
    expect(status?.args).toMatchObject({ channel_id: "C0GENERAL", thread_ts: thread });
    expect(status?.at ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(reply.at);
  });

  it("answers a message once although Slack sends it as a message, an app_mention and a retry", async () => {
    const message = { text: "<@U0BOT> hello", ts: "1800000000.000200", threadTs: thread };
    await harness.event(message);
    await harness.event({ ...message, type: "app_mention" });
    await harness.event(message, { retryNum: 1 });
    await harness.platform.idle();

    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(2);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("answers a reply that is also sent to the channel (thread_broadcast)", async () => {
    await harness.event({
      text: "to all",
      ts: "1800000000.000250",
      threadTs: thread,
      subtype: "thread_broadcast",
    });
    const [, reply] = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(reply?.args.thread_ts).toBe(thread);
  });

  it("sends nothing for messages outside persona threads, top-level messages and bots", async () => {
    await harness.event({
      text: "unrelated",
      ts: "1800000000.000300",
      threadTs: "1799999999.000001",
    });
    await harness.event({ text: "top level", ts: "1800000000.000400" });
    await harness.event({
      text: "beep",
      ts: "1800000000.000500",
      threadTs: thread,
      botId: FAKE_BOT_ID,
    });
    await harness.event({
      text: "edited",
      ts: "1800000000.000600",
      threadTs: thread,
      subtype: "message_changed",
    });
    await harness.platform.idle();

    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(harness.slack.callsTo("chat.postEphemeral")).toHaveLength(0);
    expect(harness.slack.callsTo("assistant.threads.setStatus")).toHaveLength(0);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("ends with the End persona button, after which the thread gets no replies", async () => {
    await harness.click(intro, "vs_persona_end");
    const [, farewell] = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(farewell?.args.thread_ts).toBe(thread);
    expect(allTextOf(farewell?.args ?? {})).toContain("has left");

    await harness.event({ text: "still there?", ts: "1800000000.000700", threadTs: thread });
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(2);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("ends with /persona end typed in the channel, which reaches the channel's latest persona thread", async () => {
    await harness.command("/persona", "end");
    const [, farewell] = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(farewell?.args.thread_ts).toBe(thread);
    expect(allTextOf(farewell?.args ?? {})).toContain("*Bob* has left");
  });

  it("shows the persona privately with /persona show", async () => {
    await harness.command("/persona", "show");
    const [shown] = await harness.slack.waitForResponses(1);
    expect(shown?.body.response_type).toBe("ephemeral");
    expect(allTextOf(shown?.body ?? {})).toContain("lighthouse keeper");
  });

  it("removes the placeholder and tells the user privately when the start is invalid", async () => {
    harness.slack.reset();
    await harness.command("/persona", "start");
    await harness.platform.idle();
    const [placeholder] = harness.slack.callsTo("chat.postMessage");
    expect(harness.slack.callsTo("chat.delete")[0]?.args.ts).toBe(placeholder?.response.ts);
    const [error] = await harness.slack.waitForResponses(1);
    expect(error?.body.response_type).toBe("ephemeral");
  });
});
