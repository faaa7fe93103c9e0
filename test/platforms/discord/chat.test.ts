import { setTimeout as sleep } from "node:timers/promises";
import { GatewayIntentBits } from "discord.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { estimateMessages } from "../../../src/app/conversation/token-estimate.js";
import { startDiscordGateway } from "../../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../../src/platforms/platform.js";
import { createRuntime } from "../../../src/runtime/runtime.js";
import {
  messageDefaults,
  type RecordedDiscordRequest,
  snowflake,
} from "../../fakes/fake-discord.js";
import { buttonClick, directMessage, userMessage } from "../../fakes/fake-discord-payloads.js";
import { freshJokes } from "../../helpers/engine-harness.js";
import {
  type DiscordHarness,
  isMessageSend,
  startGatewayHarness,
  startHarness,
} from "./harness.js";

const THREAD_ID = "300000000000000050";
const DM_CHANNEL = "400000000000000070";
const BUDGET = 1500;

let harness: DiscordHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({
    env: {
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_CHAT_TOKEN_BUDGET: String(BUDGET),
      VSBOT_BLOCKED_USERS: "200000000000000666",
    },
    gateway: { typingRenewMs: 300 },
  });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.discord.reset();
  harness.model.reset();
  harness.model.respondWith(freshJokes());
});

afterEach(() => {
  for (const request of harness.discord.requests.filter(isMessageSend)) {
    expect(request.body.allowed_mentions).toEqual({ parse: [] });
  }
});

type Message = ReturnType<typeof userMessage>;
type ChatTurn = { role: string; content: string };

const mention = `<@${"100000000000000002"}>`;

function isSendTo(channelId: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "POST" && request.path === `/channels/${channelId}/messages`;
}

function customIds(request: RecordedDiscordRequest): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
  return (request.body.components ?? []).flatMap((row: any) =>
    // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
    row.components.map((button: any) => button.custom_id as string),
  );
}

function labels(request: RecordedDiscordRequest): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
  return (request.body.components ?? []).flatMap((row: any) =>
    // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
    row.components.map((button: any) => button.label as string),
  );
}

function lastPrompt(): ChatTurn[] {
  return harness.model.requests.at(-1)?.body.messages as ChatTurn[];
}

function answerOf(request: RecordedDiscordRequest): string {
  return String(request.body.content).split("\n-# ")[0] ?? "";
}

/** Dispatches a message and waits for the bot's n-th send to that channel since. */
async function say(
  message: Message,
  channelId = message.channel_id,
): Promise<RecordedDiscordRequest> {
  const before = harness.discord.requests.filter(isSendTo(channelId)).length;
  harness.discord.dispatch("MESSAGE_CREATE", message);
  const sends = await harness.discord.waitForRequests(isSendTo(channelId), before + 1);
  return sends[before] as RecordedDiscordRequest;
}

/** The bot's message as the fake keeps it (what a reply to it would carry). */
function stored(channelId: string, id: string) {
  const found = harness.discord.storedMessages(channelId).find((message) => message.id === id);
  if (!found) throw new Error(`no stored message ${id}`);
  return found;
}

async function sentId(request: RecordedDiscordRequest, channelId: string): Promise<string> {
  // The fake answered with the message it created; find it by content among the bot's.
  await sleep(50);
  const found = harness.discord
    .storedMessages(channelId)
    .filter((message) => message.content === request.body.content);
  const last = found.at(-1);
  if (!last) throw new Error("the bot's message was not kept");
  return last.id;
}

describe("Discord chat: mentions, replies, DMs (real discord.js, fake gateway)", () => {
  it("answers a mention with one VS reply, as a reply to it, with More like this and Show all", async () => {
    const message = userMessage(harness.context, `${mention} tell me about owls`, {
      mentions: [harness.discord.botUserId],
    });
    const reply = await say(message);
    expect(reply.body.message_reference).toEqual({
      message_id: message.id,
      fail_if_not_exists: false,
    });
    expect(answerOf(reply)).toMatch(/^Joke 1\.\d: /);
    expect(reply.body.content).toMatch(/\n-# probability 0\.\d\d · 4 more in the tail$/);
    expect(labels(reply)).toEqual(["More like this", "Show all"]);
    expect(customIds(reply)[0]).toMatch(/^vs:more:/);
    expect(harness.model.requests).toHaveLength(1);
    expect(lastPrompt().slice(1)).toEqual([{ role: "user", content: "tell me about owls" }]);
    // "typing…" while the model worked.
    expect(harness.discord.requests[0]?.path).toBe(`/channels/${harness.context.channelId}/typing`);
    // Its own reply comes back over the gateway; it must not answer itself.
    await sleep(300);
    expect(harness.model.requests).toHaveLength(1);
    expect(harness.discord.requests.filter(isSendTo(harness.context.channelId))).toHaveLength(1);
  });

  it("answers a reply to its answer with the earlier turns in order, its own as the assistant's", async () => {
    const first = userMessage(harness.context, `${mention} name a lighthouse cat`, {
      mentions: [harness.discord.botUserId],
    });
    const answer = await say(first);
    const answerId = await sentId(answer, harness.context.channelId);
    // A reply without the ping: the bot is not in mentions, the reference is what counts.
    const followUp = userMessage(harness.context, "why that name?", {
      replyTo: stored(harness.context.channelId, answerId),
    });
    const second = await say(followUp);
    expect(second.body.message_reference?.message_id).toBe(followUp.id);
    expect(lastPrompt().slice(1)).toEqual([
      { role: "user", content: "name a lighthouse cat" },
      { role: "assistant", content: answerOf(answer) },
      { role: "user", content: "why that name?" },
    ]);
    // A third turn up the chain: the bot's second answer, then the first exchange above it.
    const third = userMessage(harness.context, "and a dog?", {
      replyTo: stored(harness.context.channelId, await sentId(second, harness.context.channelId)),
    });
    await say(third);
    expect(
      lastPrompt()
        .slice(1)
        .map((turn) => turn.role),
    ).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(lastPrompt().at(-2)?.content).toBe(answerOf(second));
  });

  it("reads a reply to a More like this answer against the answer shown, not the one it replaced", async () => {
    const first = userMessage(harness.context, `${mention} a name for a boat`, {
      mentions: [harness.discord.botUserId],
    });
    const answer = await say(first);
    const answerId = await sentId(answer, harness.context.channelId);
    const click = buttonClick(harness.context, customIds(answer)[0] ?? "");
    click.message.id = answerId;
    harness.discord.dispatchInteraction(click);
    const swapped = await harness.discord.waitForRequest(
      (request) => request.method === "PATCH" && request.path.includes(click.token),
    );
    expect(harness.model.requests).toHaveLength(1);
    const swappedId = harness.discord
      .storedMessages(harness.context.channelId)
      .find((message) => message.interaction_metadata?.id === click.id)?.id;
    const followUp = userMessage(harness.context, "I like that one", {
      replyTo: stored(harness.context.channelId, swappedId ?? ""),
    });
    await say(followUp);
    expect(lastPrompt().slice(1)).toEqual([
      { role: "user", content: "a name for a boat" },
      { role: "assistant", content: answerOf(swapped) },
      { role: "user", content: "I like that one" },
    ]);
  });

  it("answers a DM, in the DM, with the DM's earlier messages as context", async () => {
    const dm = { ...harness.context, dmChannelId: DM_CHANNEL };
    const first = await say(directMessage(dm, "hello there"));
    expect(answerOf(first)).toMatch(/^Joke/);
    await sentId(first, DM_CHANNEL);
    await say(directMessage(dm, "tell me more"));
    expect(lastPrompt().slice(1)).toEqual([
      { role: "user", content: "hello there" },
      { role: "assistant", content: answerOf(first) },
      { role: "user", content: "tell me more" },
    ]);
  });

  it("never answers another bot, a webhook, a system message or a message not addressed to it", async () => {
    const botMessage = userMessage(harness.context, `${mention} beep`, {
      mentions: [harness.discord.botUserId],
      bot: true,
    });
    const webhook = {
      ...userMessage(harness.context, `${mention} hook`, { mentions: [harness.discord.botUserId] }),
      webhook_id: "500000000000000001",
    };
    const joined = {
      ...userMessage(harness.context, `${mention}`, { mentions: [harness.discord.botUserId] }),
      type: 7,
    };
    const otherBotDm = directMessage(
      { ...harness.context, dmChannelId: DM_CHANNEL },
      "bot to bot",
      { bot: true },
    );
    for (const message of [botMessage, webhook, joined, otherBotDm]) {
      harness.discord.dispatch("MESSAGE_CREATE", message);
    }
    harness.discord.dispatch("MESSAGE_CREATE", userMessage(harness.context, "just chatting"));
    // An edit of a mention is no new message.
    harness.discord.dispatch("MESSAGE_UPDATE", {
      ...userMessage(harness.context, `${mention} edited`, {
        mentions: [harness.discord.botUserId],
      }),
      edited_timestamp: new Date().toISOString(),
    });
    await sleep(500);
    expect(harness.model.requests).toEqual([]);
    expect(harness.discord.requests).toEqual([]);
  });

  it("answers a message delivered to two instances sharing the store once", async () => {
    const second = await createRuntime(harness.runtime.config, {
      store: harness.runtime.store,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const secondBot = await startDiscordGateway(second);
    try {
      await harness.discord.waitForSession(2);
      const message = userMessage(harness.context, `${mention} once, please`, {
        mentions: [harness.discord.botUserId],
      });
      await say(message);
      await sleep(500);
      expect(harness.model.requests).toHaveLength(1);
      expect(harness.discord.requests.filter(isSendTo(harness.context.channelId))).toHaveLength(1);
    } finally {
      await secondBot.stop();
    }
  });

  it("refuses a blocked user's mention privately by DM, without a model call", async () => {
    const blocked = { ...harness.context, userId: "200000000000000666" };
    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(blocked, `${mention} hi`, { mentions: [harness.discord.botUserId] }),
    );
    const dm = await harness.discord.waitForRequest((request) =>
      /^\/channels\/9\d+\/messages$/.test(request.path),
    );
    expect(dm.body.content).toMatch(/can't use vsbot/);
    expect(harness.model.requests).toEqual([]);
  });
});

describe("Discord chat in a thread", () => {
  const thread = () => ({ ...harness.context, channelId: THREAD_ID, channelType: 11 });

  function remember(index: number, fromBot: boolean) {
    const author = fromBot
      ? { id: harness.discord.botUserId, username: "vsbot", discriminator: "0", bot: true }
      : {
          id: `2000000000000001${String(index % 3).padStart(2, "0")}`,
          username: `member${index % 3}`,
          discriminator: "0",
          global_name: null,
        };
    harness.discord.remember({
      ...messageDefaults(),
      id: snowflake(),
      channel_id: THREAD_ID,
      guild_id: harness.context.guildId,
      author,
      content: `${fromBot ? "Reply" : "Message"} ${index}: ${"the harbour lights were low that night and the boats came in slowly ".repeat(3)}`,
    });
  }

  it("reads a 60-message thread, sending the newest turns within the token budget, in order", async () => {
    harness.discord.addThread({
      id: THREAD_ID,
      parentId: harness.context.channelId,
      name: "harbour",
      type: 11,
    });
    for (let index = 0; index < 60; index++) remember(index, index % 2 === 1);
    const message = userMessage(thread(), `${mention} what happened next?`, {
      mentions: [harness.discord.botUserId],
    });
    const reply = await say(message, THREAD_ID);
    expect(reply.body.message_reference?.message_id).toBe(message.id);
    const prompt = lastPrompt();
    expect(estimateMessages(prompt)).toBeLessThanOrEqual(BUDGET);
    const sent = JSON.stringify(prompt);
    expect(sent).toContain("Reply 59:");
    expect(sent).not.toContain("Message 0:");
    const numbers = [...sent.matchAll(/(?:Message|Reply) (\d+):/g)].map((match) =>
      Number(match[1]),
    );
    expect(numbers.length).toBeGreaterThan(3);
    expect(numbers).toEqual([...numbers].sort((left, right) => left - right));
    // The newest are all there: a contiguous run ending at the last message.
    expect(numbers).toEqual(
      Array.from({ length: numbers.length }, (_, offset) => 60 - numbers.length + offset),
    );
    // Several people talk here: each person's lines carry their name.
    expect(sent).toContain("Ada: what happened next?");
    expect(prompt.at(-1)?.role).toBe("user");
    expect(prompt.filter((turn) => turn.role === "assistant").length).toBeGreaterThan(0);
    // The thread was read backwards from the message answered.
    const pages = harness.discord.requests.filter(
      (request) => request.method === "GET" && request.path === `/channels/${THREAD_ID}/messages`,
    );
    expect(pages[0]?.query).toContain(`before=${message.id}`);
  });
});

describe("Discord chat without the Message Content intent", () => {
  let quiet: DiscordHarness;
  let quietBot: RunningPlatform;

  beforeAll(async () => {
    quiet = await startHarness({ VSBOT_DISCORD_PERSONAS: "off", VSBOT_MODEL_RETRIES: "0" });
    quietBot = await startDiscordGateway(quiet.runtime);
    await quiet.discord.waitForSession();
  });
  afterAll(async () => {
    await quietBot?.stop();
    await quiet?.close();
  });

  it("asks for no privileged intent, and still answers mentions and DMs, whose text Discord sends anyway", async () => {
    const intents = quiet.discord.identifies[0]?.intents ?? 0;
    expect(intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(intents & GatewayIntentBits.DirectMessages).toBe(GatewayIntentBits.DirectMessages);
    const sends = (channelId: string) =>
      quiet.discord.waitForRequest(
        (request) =>
          request.method === "POST" && request.path === `/channels/${channelId}/messages`,
      );
    quiet.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(quiet.context, `${mention} hello`, { mentions: [quiet.discord.botUserId] }),
    );
    await sends(quiet.context.channelId);
    quiet.discord.dispatch(
      "MESSAGE_CREATE",
      directMessage({ ...quiet.context, dmChannelId: DM_CHANNEL }, "hi in private"),
    );
    await sends(DM_CHANNEL);
    expect(quiet.model.requests).toHaveLength(2);
    // A reply without the ping comes with empty content: nothing to answer, nothing sent.
    const answer = quiet.discord.storedMessages(quiet.context.channelId).at(-1);
    quiet.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(quiet.context, "", { ...(answer ? { replyTo: answer } : {}) }),
    );
    await sleep(300);
    expect(quiet.model.requests).toHaveLength(2);
  });
});
