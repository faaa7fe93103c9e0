import { type REST, Routes } from "discord.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clock, Logger, StateStore } from "../../../src/engine/ports.js";
import { createRestMessenger } from "../../../src/platforms/discord/channel-messenger.js";
import type { DiscordMessage } from "../../../src/platforms/discord/discord-message.js";
import { createDiscordRest, stopRest } from "../../../src/platforms/discord/discord-rest.js";
import {
  createPersonaWebhooks,
  MANAGE_WEBHOOKS_NOTICE,
  PERSONA_WEBHOOK_NAME,
  type PersonaPoster,
  webhookUsername,
} from "../../../src/platforms/discord/persona-webhooks.js";
import { openMemory } from "../../../src/store/memory-store.js";
import { type FakeDiscord, startFakeDiscord } from "../../fakes/fake-discord.js";

const CHANNEL = "300000000000000002";
const THREAD = "300000000000000050";
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const logged: string[] = [];
const logger: Logger = {
  ...silent,
  info: (event, fields) => logged.push(JSON.stringify({ event, ...fields })),
  warn: (event, fields) => logged.push(JSON.stringify({ event, ...fields })),
};

let discord: FakeDiscord;
let rest: REST;
let store: StateStore;
let now = 1_000_000;
const clock: Clock = { now: () => now, sleep: async () => {} };

function poster(): PersonaPoster {
  return createPersonaWebhooks({
    rest,
    messenger: createRestMessenger(rest),
    store,
    logger,
    clock,
    applicationId: () => discord.applicationId,
  });
}

function text(content: string): DiscordMessage {
  return { content, components: [], allowed_mentions: { parse: [] } };
}

const captain = { name: "Captain Reed", avatarUrl: "https://example.test/reed.png" };

beforeAll(async () => {
  discord = await startFakeDiscord({ token: "bot-token", echoMessages: false });
  rest = createDiscordRest({ token: "bot-token", apiBaseUrl: discord.apiBaseUrl });
});

afterAll(async () => {
  stopRest(rest);
  await discord.close();
});

beforeEach(async () => {
  discord.reset();
  discord.addThread({ id: THREAD, parentId: CHANNEL, name: "scene", type: 11 });
  store = openMemory({ logger: silent });
  logged.length = 0;
});

describe("persona webhooks", () => {
  it("posts under the persona's name and avatar through one webhook per channel, created once", async () => {
    const personas = poster();
    const first = await personas.post({ channelId: CHANNEL }, captain, text("Maps lie, lad."));
    const second = await personas.post(
      { channelId: CHANNEL },
      { name: "Mira" },
      text("And stars?"),
    );
    expect(first.via).toBe("webhook");
    expect(second.via).toBe("webhook");
    expect(discord.channelWebhooks()).toHaveLength(1);
    const messages = discord.channelMessages(CHANNEL);
    expect(
      messages.map((message) => [message.username, message.avatarUrl, message.content]),
    ).toEqual([
      ["Captain Reed", captain.avatarUrl, "Maps lie, lad."],
      ["Mira", null, "And stars?"],
    ]);
    expect(messages[0]?.id).toBe(first.messageId);
    const creates = discord.requests.filter(
      (request) => request.method === "POST" && request.path.endsWith("/webhooks"),
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body.name).toBe(PERSONA_WEBHOOK_NAME);
    // The token is a credential: it is never logged.
    const token = discord.channelWebhooks()[0]?.token ?? "missing";
    expect(logged.join("\n")).not.toContain(token);
  });

  it("reuses the vsbot webhook a channel has already, found by listing, and remembers it in the store", async () => {
    const made = (await rest.post(Routes.channelWebhooks(CHANNEL), {
      body: { name: PERSONA_WEBHOOK_NAME },
    })) as { id: string };
    await rest.post(Routes.channelWebhooks(CHANNEL), { body: { name: "someone else's" } });
    await poster().post({ channelId: CHANNEL }, captain, text("Ahoy."));
    expect(discord.channelMessages(CHANNEL)[0]?.webhookId).toBe(made.id);
    const before = discord.requests.length;
    // A new process with the same store asks Discord for nothing but the execute.
    await poster().post({ channelId: CHANNEL }, captain, text("Again."));
    expect(
      discord.requests.slice(before).map((request) => `${request.method} ${request.path}`),
    ).toEqual([`POST /webhooks/${made.id}/${discord.channelWebhooks()[0]?.token}`]);
  });

  it("posts in a thread through its parent channel's webhook with thread_id", async () => {
    const post = await poster().post(
      { channelId: THREAD, parentId: CHANNEL },
      captain,
      text("In the thread."),
    );
    const [webhook] = discord.channelWebhooks();
    expect(webhook?.channelId).toBe(CHANNEL);
    expect(discord.channelMessages(THREAD)[0]).toMatchObject({
      id: post.messageId,
      username: "Captain Reed",
      content: "In the thread.",
    });
    expect(discord.channelMessages(CHANNEL)).toEqual([]);
    const execute = discord.requests.find((request) => request.path.startsWith("/webhooks/"));
    expect(new URLSearchParams(execute?.query).get("thread_id")).toBe(THREAD);
  });

  it("edits a persona's message in place, in a channel and in a thread", async () => {
    const personas = poster();
    const inChannel = await personas.post({ channelId: CHANNEL }, captain, text("First try."));
    const inThread = await personas.post(
      { channelId: THREAD, parentId: CHANNEL },
      captain,
      text("Thread try."),
    );
    await personas.edit(inChannel, captain, text("Second try."));
    await personas.edit(inThread, captain, text("Thread, again."));
    expect(discord.channelMessages(CHANNEL).map((message) => message.content)).toEqual([
      "Second try.",
    ]);
    expect(discord.channelMessages(THREAD).map((message) => message.content)).toEqual([
      "Thread, again.",
    ]);
    const edits = discord.requests.filter((request) => request.method === "PATCH");
    expect(edits.map((request) => request.path)).toEqual([
      expect.stringMatching(new RegExp(`/messages/${inChannel.messageId}$`)),
      expect.stringMatching(new RegExp(`/messages/${inThread.messageId}$`)),
    ]);
  });

  it("makes a new webhook once when an admin deleted the remembered one", async () => {
    const personas = poster();
    await personas.post({ channelId: CHANNEL }, captain, text("One."));
    const old = discord.channelWebhooks()[0]?.id ?? "";
    discord.deleteWebhook(old);
    const post = await personas.post({ channelId: CHANNEL }, captain, text("Two."));
    expect(post.via).toBe("webhook");
    const [replacement] = discord.channelWebhooks();
    expect(replacement?.id).not.toBe(old);
    expect(discord.channelMessages(CHANNEL).at(-1)?.webhookId).toBe(replacement?.id);
  });

  it("without Manage Webhooks posts as the bot, the name in bold, and says once how to fix it", async () => {
    discord.setManageWebhooks(false);
    const personas = poster();
    const first = await personas.post({ channelId: CHANNEL }, captain, text("Hello."));
    const second = await personas.post({ channelId: CHANNEL }, captain, text("Still here."));
    expect(first).toMatchObject({ via: "bot", notice: MANAGE_WEBHOOKS_NOTICE });
    expect(second.via).toBe("bot");
    expect(second.notice).toBeUndefined();
    expect(MANAGE_WEBHOOKS_NOTICE).toContain("Manage Webhooks");
    expect(discord.channelMessages(CHANNEL).map((message) => message.content)).toEqual([
      "**Captain Reed**: Hello.",
      "**Captain Reed**: Still here.",
    ]);
    // The refusal is remembered for a while: one webhook lookup, not one per message.
    const lookups = discord.requests.filter((request) => request.path.endsWith("/webhooks"));
    expect(lookups).toHaveLength(1);
    // An edit of such a message keeps the name.
    await personas.edit(second, captain, text("Edited."));
    expect(discord.channelMessages(CHANNEL).at(-1)?.content).toBe("**Captain Reed**: Edited.");

    // Once the permission is given, a later message goes through the webhook again.
    discord.setManageWebhooks(true);
    now += 11 * 60_000;
    const later = await personas.post({ channelId: CHANNEL }, captain, text("Now in person."));
    expect(later.via).toBe("webhook");
  });

  it("makes names Discord would refuse acceptable", () => {
    expect(webhookUsername("Discord Dan")).not.toMatch(/discord/i);
    expect(webhookUsername("Clyde")).not.toMatch(/clyde/i);
    expect(webhookUsername("x".repeat(120))).toHaveLength(80);
    expect(webhookUsername("   ")).toBe("Persona");
  });
});
