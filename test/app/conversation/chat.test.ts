import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HistoryMessage } from "../../../src/app/conversation/history.js";
import type { Inbound, Origin, Reply } from "../../../src/app/types.js";
import { DEFAULT_CANDIDATES, vsJson } from "../../fakes/fake-openai-server.js";
import { type ChatHarness, discordOrigin, moreId, startChatHarness } from "../chat-harness.js";

function said(origin: Origin, text: string, history?: readonly HistoryMessage[]): Inbound {
  return {
    type: "message",
    origin,
    text,
    addressed: true,
    ...(history ? { history: async () => history } : {}),
  };
}

function replies(outcome: Awaited<ReturnType<ChatHarness["send"]>>): Reply[] {
  if (!Array.isArray(outcome)) throw new Error(`expected replies, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function promptOf(harness: ChatHarness, index = -1) {
  return harness.model.requests.at(index)?.body.messages as { role: string; content: string }[];
}

describe("chat: a message addressed to the bot", () => {
  let harness: ChatHarness;

  beforeAll(async () => {
    harness = await startChatHarness();
  });
  afterEach(() => harness.model.reset());
  afterAll(async () => {
    await harness?.close();
  });

  it("gets one VS sample with More like this and Show all, and the tail serves the rest with no model call", async () => {
    const origin = discordOrigin({ channel: "c-chat" });
    const [reply] = replies(await harness.send(said(origin, "Tell me about coffee")));
    const texts = DEFAULT_CANDIDATES.map(([text]) => text);
    expect(texts).toContain(reply?.body);
    expect(reply?.buttons.map((button) => button.label)).toEqual(["More like this", "Show all"]);
    expect(reply?.meta).toMatchObject({ modelCalls: 1, remaining: 4, conversation: "chat" });
    const prompt = promptOf(harness);
    expect(prompt.at(-1)).toEqual({ role: "user", content: "Tell me about coffee" });
    expect(prompt[0]?.content).toContain("Generate 5 responses");
    const seen = new Set([reply?.body]);
    for (let click = 0; click < 4; click++) {
      const [next] = replies(
        await harness.send({ type: "button", origin, id: moreId([reply as Reply]) }),
      );
      expect(next?.meta.modelCalls).toBe(0);
      seen.add(next?.body);
    }
    expect(seen.size).toBe(5);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("carries the conversation the platform read, the bot's replies as assistant turns, in order", async () => {
    const origin = discordOrigin({ channel: "c-turns" });
    const history: HistoryMessage[] = [
      { speaker: "Ada", speakerId: origin.user, fromBot: false, text: "Name a cat?" },
      { speaker: "vsbot", fromBot: true, text: "Biscuit." },
    ];
    await harness.send(said(origin, "Another one?", history));
    expect(promptOf(harness).slice(1)).toEqual([
      { role: "user", content: "Name a cat?" },
      { role: "assistant", content: "Biscuit." },
      { role: "user", content: "Another one?" },
    ]);
  });

  it("answers without the conversation when the platform cannot read it", async () => {
    const origin = discordOrigin({ channel: "c-unreadable" });
    const outcome = await harness.send({
      type: "message",
      origin,
      text: "Still there?",
      addressed: true,
      history: async () => {
        throw new Error("Missing Access");
      },
    });
    expect(replies(outcome)).toHaveLength(1);
    expect(promptOf(harness).slice(1)).toEqual([{ role: "user", content: "Still there?" }]);
  });

  it("answers nothing, and asks no model, for a message not addressed to it where no persona is active", async () => {
    const outcome = await harness.send({
      type: "message",
      origin: discordOrigin({ channel: "c-quiet" }),
      text: "hello, anyone?",
    });
    expect(outcome).toEqual([]);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("leaves a message where a persona is active to the persona", async () => {
    const origin = discordOrigin({ channel: "c-persona", server: "g-persona", canModerate: true });
    await harness.send({
      type: "command",
      origin,
      name: "persona",
      subcommand: "start",
      options: { description: "a cheerful baker", name: "Bea" },
    });
    await harness.send(said(origin, "What is fresh today?"));
    expect(JSON.stringify(promptOf(harness))).toContain("a cheerful baker");
    // "End the persona", said to it, ends it; the next message is chat again.
    const [ended] = replies(await harness.send(said(origin, "end the persona")));
    expect(ended?.body).toMatch(/Bea.* has left/);
    await harness.send(said(origin, "What is fresh today?"));
    expect(JSON.stringify(promptOf(harness))).not.toContain("cheerful baker");
  });

  it("starts a persona when asked to in a thread or a DM, and points to /persona start in a channel", async () => {
    const inThread = discordOrigin({ channel: "t-persona", parentChannel: "c1" });
    const [started] = replies(
      await harness.send(said(inThread, "Start a persona: a retired sea captain name: Reed")),
    );
    expect(started?.body).toMatch(/\*\*Reed\*\* is here: a retired sea captain/);
    expect(started?.body).toContain('say "end the persona"');
    expect(await harness.runtime.chat.hasPersona(inThread)).toBe(true);
    expect(harness.model.requests).toHaveLength(0);

    const inChannel = discordOrigin({ channel: "c-open" });
    const [pointer] = replies(await harness.send(said(inChannel, "start a persona: a pirate")));
    expect(pointer?.body).toMatch(/use \/persona start/);
    expect(await harness.runtime.chat.hasPersona(inChannel)).toBe(false);
  });
});

describe("chat: limits and access", () => {
  let harness: ChatHarness;

  beforeAll(async () => {
    harness = await startChatHarness({
      VSBOT_USER_RATE_LIMIT: "2/1h",
      VSBOT_BLOCKED_USERS: "666",
      VSBOT_ALLOW_DMS: "off",
      VSBOT_DAILY_TOKEN_BUDGET: "100k",
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("counts chat messages against the per-user limit; clicks the tail serves stay free", async () => {
    const origin = discordOrigin({ user: "200", channel: "c-limit" });
    const first = replies(await harness.send(said(origin, "one")));
    replies(await harness.send(said(origin, "two")));
    const third = await harness.send(said(origin, "three"));
    expect(third).toMatchObject({ code: "user_rate_limited" });
    expect(harness.model.requests).toHaveLength(2);
    const click = replies(await harness.send({ type: "button", origin, id: moreId(first) }));
    expect(click[0]?.meta.modelCalls).toBe(0);
  });

  it("counts a chat reply's tokens in the server's usage", async () => {
    const origin = discordOrigin({ user: "201", server: "g-usage", channel: "c-usage" });
    harness.model.enqueue({
      content: vsJson(DEFAULT_CANDIDATES),
      usage: { promptTokens: 321, completionTokens: 79 },
    });
    replies(await harness.send(said(origin, "hello")));
    const day = new Date().toISOString().slice(0, 10);
    const stored = await harness.runtime.store.get<Record<string, unknown>>(
      `usage:discord:g-usage:${day}`,
    );
    expect(stored).toMatchObject({
      requests: 1,
      calls: 1,
      promptTokens: 321,
      completionTokens: 79,
    });
  });

  it("refuses a blocked user, and a DM while DMs are off, privately and before any model call", async () => {
    const before = harness.model.requests.length;
    expect(await harness.send(said(discordOrigin({ user: "666" }), "hi"))).toMatchObject({
      code: "access_denied",
    });
    const { server: _server, ...inServer } = discordOrigin({ user: "202", channel: "dm-1" });
    const direct: Origin = { ...inServer, direct: true };
    const refused = await harness.send(said(direct, "hi"));
    expect(refused).toMatchObject({ code: "access_denied" });
    expect((refused as { message: string }).message).toMatch(/direct messages/);
    expect(harness.model.requests).toHaveLength(before);
  });
});

describe("chat: the server's daily budget", () => {
  let harness: ChatHarness;

  beforeAll(async () => {
    harness = await startChatHarness(
      { VSBOT_DAILY_TOKEN_BUDGET: "1000" },
      {
        defaultReply: {
          content: vsJson(DEFAULT_CANDIDATES),
          usage: { promptTokens: 300, completionTokens: 100 },
        },
      },
    );
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("refuses a chat message once the server's tokens for the day are spent, as it would a command", async () => {
    const origin = discordOrigin({ server: "g-chat-budget", channel: "c-budget" });
    const first = replies(await harness.send(said(origin, "one")));
    replies(await harness.send(said(origin, "two")));
    expect(await harness.send(said(origin, "three"))).toMatchObject({ code: "budget_exceeded" });
    expect(harness.model.requests).toHaveLength(2);
    // More like this on a chat reply stays free while its tail lasts.
    const click = replies(await harness.send({ type: "button", origin, id: moreId(first) }));
    expect(click[0]?.meta.modelCalls).toBe(0);
  });
});
