import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { estimateMessages } from "../../../src/app/conversation/token-estimate.js";
import { SUGGESTED_PROMPTS } from "../../../src/platforms/slack/assistant-pane.js";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, type SlackApiCall } from "../../fakes/fake-slack.js";
import {
  assistantThreadStartedPayload,
  buttonsOf,
  sectionTexts,
} from "../../fakes/fake-slack-requests.js";
import { freshJokes } from "../../helpers/engine-harness.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

type ChatTurn = { role: string; content: string };

const BUDGET = 1500;
const DM = "D0ALICE";

function lastPrompt(harness: SlackHarness): ChatTurn[] {
  return harness.model.requests.at(-1)?.body.messages as ChatTurn[];
}

/** The answer as the bot wrote it, without the footer line. */
function answerOf(post: SlackApiCall | undefined): string {
  return sectionTexts(post?.args ?? {}).join("\n");
}

async function posts(harness: SlackHarness, count: number): Promise<SlackApiCall[]> {
  return harness.slack.waitForCalls("chat.postMessage", count);
}

describe.each([
  ["signed HTTP", false],
  ["Socket Mode", true],
])("Slack chat over %s (real Bolt, fake Slack)", (_transport, socketMode) => {
  let harness: SlackHarness;

  beforeEach(async () => {
    harness = await startSlackHarness({
      socketMode,
      users: [
        { id: "U0ALICE", name: "alice", displayName: "Alice" },
        { id: "U0BOB", name: "bob", displayName: "Bob" },
      ],
      env: { VSBOT_CHAT_TOKEN_BUDGET: String(BUDGET) },
    });
    harness.model.respondWith(freshJokes());
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers an app_mention in its thread with More like this, and a follow-up there with the thread as context", async () => {
    const mention = {
      type: "app_mention" as const,
      text: `<@${FAKE_BOT_USER_ID}> tell me about lighthouses`,
      ts: "1800000000.000100",
    };
    await harness.event(mention);
    const [answer] = await posts(harness, 1);
    expect(answer?.args.thread_ts).toBe(mention.ts);
    expect(answer?.args.channel).toBe("C0GENERAL");
    const buttons = buttonsOf(answer?.args ?? {});
    expect(buttons.get("vs_more")).toMatch(/^vs:more:/);
    expect(buttons.get("vs_all")).toMatch(/^vs:all:/);
    expect(lastPrompt(harness).slice(1)).toEqual([
      { role: "user", content: "tell me about lighthouses" },
    ]);

    // No mention needed once the bot talks in the thread.
    await harness.event({
      text: "and who keeps them?",
      ts: "1800000000.000300",
      threadTs: mention.ts,
    });
    const [, second] = await posts(harness, 2);
    expect(second?.args.thread_ts).toBe(mention.ts);
    expect(lastPrompt(harness).slice(1)).toEqual([
      { role: "user", content: "tell me about lighthouses" },
      { role: "assistant", content: answerOf(answer) },
      { role: "user", content: "and who keeps them?" },
    ]);
    expect(harness.slack.callsTo("conversations.replies")[0]?.args).toMatchObject({
      channel: "C0GENERAL",
      ts: mention.ts,
    });

    // More like this on the chat reply: the next candidate, in the thread, with no model call.
    await harness.click(second as SlackApiCall, "vs_more");
    const [, , more] = await posts(harness, 3);
    expect(more?.args.thread_ts).toBe(mention.ts);
    expect(harness.model.requests).toHaveLength(2);
  });

  it("answers a retried delivery, and the same mention sent as message and app_mention, once", async () => {
    const text = `<@${FAKE_BOT_USER_ID}> once please`;
    const ts = "1800000000.000400";
    await harness.event({ text, ts });
    await harness.event({ text, ts, type: "app_mention" });
    await harness.event({ text, ts, type: "app_mention" }, { retryNum: 1 });
    await harness.event({ text, ts }, { retryNum: 2 });
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("gives an assistant thread suggested prompts, a status while thinking, a title and a reply", async () => {
    const thread = "1800000000.000500";
    await harness.deliver(assistantThreadStartedPayload({ channel: DM, threadTs: thread }));
    const [prompts] = await harness.slack.waitForCalls("assistant.threads.setSuggestedPrompts", 1);
    expect(prompts?.args).toMatchObject({ channel_id: DM, thread_ts: thread });
    const offered = (prompts?.args.prompts ?? []) as { title: string; message: string }[];
    const titles = offered.map((prompt) => prompt.title);
    expect(titles).toEqual(SUGGESTED_PROMPTS.map((prompt) => prompt.title));
    expect(titles).toContain("Start a persona…");

    harness.model.respondWith(() => ({ ...freshJokes()(undefined as never), delayMs: 300 }));
    await harness.event({
      channel: DM,
      text: "Tell me a joke about coffee",
      ts: "1800000000.000600",
      threadTs: thread,
    });
    const [reply] = await posts(harness, 1);
    expect(reply?.args).toMatchObject({ channel: DM, thread_ts: thread });
    expect(buttonsOf(reply?.args ?? {}).has("vs_more")).toBe(true);
    const [status] = harness.slack.callsTo("assistant.threads.setStatus");
    expect(status?.args).toMatchObject({
      channel_id: DM,
      thread_ts: thread,
      status: "is thinking…",
    });
    expect(status?.at ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(reply?.at ?? 0);
    const [title] = harness.slack.callsTo("assistant.threads.setTitle");
    expect(title?.args).toMatchObject({ channel_id: DM, thread_ts: thread });
    expect(String(title?.args.title)).toMatch(/joke about coffee/);
    expect(lastPrompt(harness).at(-1)).toEqual({
      role: "user",
      content: "Tell me a joke about coffee",
    });
    // A retried thread start sets the prompts once.
    await harness.deliver(assistantThreadStartedPayload({ channel: DM, threadTs: thread }), {
      retryNum: 1,
    });
    await harness.platform.idle();
    expect(harness.slack.callsTo("assistant.threads.setSuggestedPrompts")).toHaveLength(1);
  });
});

describe("Slack chat: DMs, personas from the pane, what is left alone, the budget", () => {
  let harness: SlackHarness;

  beforeEach(async () => {
    harness = await startSlackHarness({
      users: [
        { id: "U0ALICE", name: "alice", displayName: "Alice" },
        { id: "U0BOB", name: "bob", displayName: "Bob" },
      ],
      env: { VSBOT_CHAT_TOKEN_BUDGET: String(BUDGET) },
    });
    harness.model.respondWith(freshJokes());
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers a DM where it was written, with the DM's earlier messages as context", async () => {
    await harness.event({ channel: DM, text: "hello", ts: "1800000000.000100" });
    const [first] = await posts(harness, 1);
    expect(first?.args.channel).toBe(DM);
    expect(first?.args.thread_ts).toBeUndefined();
    await harness.event({ channel: DM, text: "tell me more", ts: "1800000000.000300" });
    await posts(harness, 2);
    expect(lastPrompt(harness).slice(1)).toEqual([
      { role: "user", content: "hello" },
      { role: "assistant", content: answerOf(first) },
      { role: "user", content: "tell me more" },
    ]);
    expect(harness.slack.callsTo("conversations.history").at(-1)?.args).toMatchObject({
      channel: DM,
      latest: "1800000000.000300",
    });
  });

  it("starts a persona from the pane's suggestion, and the persona answers there from then on", async () => {
    const thread = "1800000000.000700";
    await harness.event({
      channel: DM,
      text: "Start a persona: a retired sea captain who distrusts maps",
      ts: "1800000000.000800",
      threadTs: thread,
    });
    const [intro] = await posts(harness, 1);
    expect(answerOf(intro)).toMatch(/is here: a retired sea captain who distrusts maps/);
    expect(harness.model.requests).toHaveLength(0);
    await harness.event({
      channel: DM,
      text: "Which way north?",
      ts: "1800000000.000900",
      threadTs: thread,
    });
    await posts(harness, 2);
    expect(JSON.stringify(lastPrompt(harness))).toContain("retired sea captain");
  });

  it("leaves alone top-level chatter, threads it is not in, bots, edits and other subtypes", async () => {
    await harness.event({ text: "just chatting", ts: "1800000000.001000" });
    await harness.event({
      text: "in someone's thread",
      ts: "1800000000.001100",
      threadTs: "1800000000.001000",
    });
    await harness.event({
      text: `<@${FAKE_BOT_USER_ID}> beep`,
      ts: "1800000000.001200",
      botId: "B0OTHER",
    });
    await harness.event({
      channel: DM,
      text: "me again",
      ts: "1800000000.001300",
      botId: FAKE_BOT_ID,
    });
    await harness.event({
      channel: DM,
      text: "edited",
      ts: "1800000000.001400",
      subtype: "message_changed",
    });
    await harness.event({
      channel: DM,
      text: "joined",
      ts: "1800000000.001500",
      subtype: "channel_join",
    });
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(0);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("reads a long thread page by page and sends only its newest turns, within the token budget", async () => {
    const root = "1700000000.000000";
    const say = (index: number) =>
      `Message ${index}: ${"the tide came in over the old stones ".repeat(3)}`;
    harness.slack.remember("C0GENERAL", { ts: root, user: "U0BOB", text: say(0) });
    for (let index = 1; index < 450; index++) {
      const ts = `1700000000.${String(index).padStart(6, "0")}`;
      const fromBot = index % 2 === 1;
      harness.slack.remember("C0GENERAL", {
        ts,
        thread_ts: root,
        ...(fromBot
          ? { user: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, text: `Reply ${index}` }
          : { user: index % 4 === 0 ? "U0ALICE" : "U0BOB", text: say(index) }),
        ...(fromBot
          ? {
              blocks: [
                {
                  type: "section",
                  text: { type: "mrkdwn", text: `Reply ${index}: the harbour is quiet` },
                },
              ],
            }
          : {}),
      });
    }
    await harness.event({
      text: `<@${FAKE_BOT_USER_ID}> what happened next?`,
      ts: "1700000001.000000",
      threadTs: root,
    });
    const [reply] = await posts(harness, 1);
    expect(reply?.args.thread_ts).toBe(root);
    // 451 messages at 200 a page.
    expect(harness.slack.callsTo("conversations.replies")).toHaveLength(3);
    const prompt = lastPrompt(harness);
    expect(estimateMessages(prompt)).toBeLessThanOrEqual(BUDGET);
    const sent = JSON.stringify(prompt);
    // The bot's turns are its blocks' whole text, not the fallback.
    expect(sent).toContain("Reply 449: the harbour is quiet");
    expect(sent).not.toContain("Message 2:");
    const numbers = [...sent.matchAll(/(?:Message|Reply) (\d+):/g)].map((match) =>
      Number(match[1]),
    );
    expect(numbers.length).toBeGreaterThan(3);
    expect(numbers).toEqual(
      Array.from({ length: numbers.length }, (_, offset) => 450 - numbers.length + offset),
    );
    expect(sent).toContain("Alice: what happened next?");
  });
});
