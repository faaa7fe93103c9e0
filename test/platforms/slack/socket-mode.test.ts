import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buttonClickPayload,
  buttonsOf,
  eventCallbackPayload,
  slashCommandPayload,
} from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

describe("Slack: Socket Mode (SLACK_APP_TOKEN) against a fake Socket Mode server", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness({ socketMode: true });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("opens the connection with the app token and serves no HTTP endpoint", async () => {
    expect(harness.platform.transport).toBe("socket");
    expect(harness.platform.port).toBeUndefined();
    const [open] = harness.slack.callsTo("apps.connections.open");
    expect(open?.token).toBe(harness.slack.appToken);
    expect(harness.slack.socket.openConnections).toBe(1);
  });

  it("acks a slash command envelope, then answers; a click envelope answers in the thread", async () => {
    const { socket } = harness.slack;
    const commandEnvelope = socket.deliver(
      "slash_commands",
      slashCommandPayload({ command: "/joke", responseUrl: harness.slack.responseUrl("socket") }),
    );
    const commandAck = await socket.waitForAck(commandEnvelope);
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer");
    expect(answer.at).toBeGreaterThanOrEqual(commandAck.at);

    const clickEnvelope = socket.deliver(
      "interactive",
      buttonClickPayload({
        actionId: "vs_more",
        value: buttonsOf(answer.args).get("vs_more") ?? "",
        messageTs: String(answer.response.ts),
        responseUrl: harness.slack.responseUrl("socket-click"),
      }),
    );
    const clickAck = await socket.waitForAck(clickEnvelope);
    const [, more] = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(more?.args.thread_ts).toBe(answer.response.ts);
    expect((more?.at ?? Number.POSITIVE_INFINITY) - clickAck.at).toBeLessThan(3000);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("acks events_api envelopes and answers a persona message once although it is redelivered", async () => {
    const { socket } = harness.slack;
    socket.deliver(
      "slash_commands",
      slashCommandPayload({
        command: "/persona",
        text: "start a tired ferryman",
        responseUrl: harness.slack.responseUrl("socket-persona"),
      }),
    );
    const [update] = await harness.slack.waitForCalls("chat.update", 1);
    const thread = String(update?.args.ts);
    const payload = eventCallbackPayload({
      text: "hi there",
      ts: "1800000000.000100",
      threadTs: thread,
    });
    const first = socket.deliver("events_api", payload);
    const retry = socket.deliver("events_api", payload, { retryAttempt: 1 });
    await socket.waitForAck(first);
    await socket.waitForAck(retry);
    await harness.platform.idle();

    const posts = harness.slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.args.thread_ts).toBe(thread);
    expect(harness.model.requests).toHaveLength(1);
  });
});
