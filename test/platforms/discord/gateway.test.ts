import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { GatewayIntentBits } from "discord.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDiscordGateway } from "../../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../../src/platforms/platform.js";
import type { RecordedDiscordRequest } from "../../fakes/fake-discord.js";
import { buttonClick, slashCommand, userMessage } from "../../fakes/fake-discord-payloads.js";
import { DEFAULT_CANDIDATES, vsJson } from "../../fakes/fake-openai-server.js";
import {
  BOT_TOKEN,
  type DiscordHarness,
  fenceCount,
  isMessageSend,
  startGatewayHarness,
  startHarness,
} from "./harness.js";

type GatewayHarness = Awaited<ReturnType<typeof startGatewayHarness>>;

/** Past the 3 s in which the fake, like Discord, still takes an interaction's callback. */
const SLOW_MODEL_MS = 3300;

let harness: DiscordHarness;
let bot: RunningPlatform;
let startupRequests: RecordedDiscordRequest[];

function requestsFor(token: string): RecordedDiscordRequest[] {
  return harness.discord.requests.filter((request) => request.path.includes(token));
}

function isEditOf(token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "PATCH" && request.path.endsWith(`/${token}/messages/@original`);
}

function customIds(request: RecordedDiscordRequest): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
  return (request.body.components ?? []).flatMap((row: any) =>
    // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
    row.components.map((button: any) => button.custom_id as string),
  );
}

/** Dispatches a /joke and returns the edit that answered it. */
async function askForJoke(): Promise<RecordedDiscordRequest> {
  const interaction = slashCommand(harness.context, "joke", { topic: "coffee" });
  harness.discord.dispatchInteraction(interaction);
  return harness.discord.waitForRequest(isEditOf(interaction.token));
}

async function click(customId: string): Promise<RecordedDiscordRequest> {
  const interaction = buttonClick(harness.context, customId);
  harness.discord.dispatchInteraction(interaction);
  return harness.discord.waitForRequest(isEditOf(interaction.token));
}

// The suites of this file run at once: each has a bot and a fake Discord of its own, and each
// spends most of its time waiting (on a slow model, on sleeps that prove nothing comes). Inside
// this one the tests share its fake Discord, so they run one at a time.
describe.concurrent("the gateway bot (real discord.js Client, fake Discord)", () => {
  beforeAll(async () => {
    harness = await startHarness({ VSBOT_MODEL_RETRIES: "0" }, { heartbeatIntervalMs: 200 });
    bot = await startDiscordGateway(harness.runtime, { typingRenewMs: 300 });
    await harness.discord.waitForSession();
    startupRequests = [...harness.discord.requests];
    harness.discord.guildCreate({
      id: harness.context.guildId,
      channels: [{ id: harness.context.channelId, name: "general" }],
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await harness?.close();
  });

  beforeEach(() => {
    harness.discord.reset();
    harness.model.reset();
  });

  afterEach(() => {
    // Whatever a test did, no message left without allowed_mentions { parse: [] }.
    const sends = harness.discord.requests.filter(isMessageSend);
    for (const request of sends) expect(request.body.allowed_mentions).toEqual({ parse: [] });
  });

  it.sequential("finds the gateway through the configured REST API and identifies with minimal intents", () => {
    expect(startupRequests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /gateway/bot",
    ]);
    expect(startupRequests[0]?.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
    const [identify] = harness.discord.identifies;
    expect(identify?.query).toBe("v=10&encoding=json");
    expect(identify?.intents).toBe(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.DirectMessages |
        GatewayIntentBits.MessageContent,
    );
    expect(harness.discord.requests).toEqual([]);
  });

  it.sequential("defers /joke first, then edits the original with a joke and its buttons", async () => {
    const interaction = slashCommand(harness.context, "joke", { topic: "coffee" });
    harness.discord.dispatchInteraction(interaction);
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));

    const [first, second] = requestsFor(interaction.token);
    expect(harness.discord.requests[0]).toBe(first);
    expect(first?.method).toBe("POST");
    expect(first?.path).toBe(`/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(first?.body).toEqual({ type: 5, data: {} });
    expect(second).toBe(edit);
    const jokes = DEFAULT_CANDIDATES.map(([text]) => text);
    expect(jokes.some((joke) => edit.body.content.startsWith(joke))).toBe(true);
    expect(edit.body.content).toMatch(/\n-# probability 0\.\d\d · 4 more in the tail$/);
    expect(edit.body.components).toEqual([
      {
        type: 1,
        components: [
          expect.objectContaining({ type: 2, style: 1, label: "More like this" }),
          expect.objectContaining({ type: 2, style: 2, label: "Show all" }),
        ],
      },
    ]);
    expect(customIds(edit)[0]).toMatch(/^vs:more:[\w-]+$/);
  });

  it.sequential("serves four different tail jokes on four clicks with one model request in all", async () => {
    const first = await askForJoke();
    const moreId = customIds(first)[0] ?? "";
    const seen = [first.body.content.split("\n")[0]];
    for (let clicks = 0; clicks < 4; clicks++) {
      const edit = await click(moreId);
      seen.push(edit.body.content.split("\n")[0]);
      expect(customIds(edit)[0]).toMatch(/^vs:more:/);
    }
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual(DEFAULT_CANDIDATES.map(([text]) => text).sort());
    expect(harness.model.requests).toHaveLength(1);
    // Each click was deferred as a new message (type 5) before its edit.
    const callbacks = harness.discord.requests.filter((request) =>
      request.path.endsWith("/callback"),
    );
    expect(callbacks.map((request) => request.body.type)).toEqual([5, 5, 5, 5, 5]);
  });

  it.sequential("sends model text with @everyone and role and user mentions without pinging anyone", async () => {
    const risky = "@everyone look: <@&123> and <@456> walk into a bar. @here too.";
    harness.model.enqueue({
      content: vsJson([
        [risky, 0.5],
        // Different enough that the duplicate guard keeps it (ROUGE-L below 0.7).
        [
          "Knock knock, @everyone. Who is there? <@&123>, <@456> and, frankly, @here, all asking for the wifi password.",
          0.5,
        ],
      ]),
    });
    const edit = await askForJoke();
    const clicked = await click(customIds(edit)[0] ?? "");
    for (const request of [edit, clicked]) {
      expect(request.body.content).toContain("@everyone");
      expect(request.body.content).toContain("<@&123>");
      expect(request.body.content).toContain("<@456>");
      expect(request.body.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it.sequential("splits a 6,000-character story (cut at 4,000) into messages of at most 2000 characters, code blocks whole", async () => {
    const paragraph = (word: string) =>
      `${`The ${word} kept walking along the quiet shore. `.repeat(26).trim()}`;
    const code = `\`\`\`js\n${Array.from({ length: 24 }, (_, line) => `const step${line} = walk(${line}); // keep going`).join("\n")}\n\`\`\``;
    const story = (word: string) =>
      [
        paragraph(word),
        paragraph(`${word}s`),
        code,
        paragraph(`old ${word}`),
        paragraph(`young ${word}`),
        paragraph(`last ${word}`),
      ].join("\n\n");
    const stories = [story("sailor"), story("baker")];
    expect(stories[0]?.length).toBeGreaterThan(6000);
    harness.model.enqueue({ content: vsJson(stories.map((text) => [text, 0.5] as const)) });

    const interaction = slashCommand(harness.context, "story", { premise: "a walk" });
    harness.discord.dispatchInteraction(interaction);
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));
    const isFollowUp = (request: RecordedDiscordRequest) =>
      request.method === "POST" &&
      request.path === `/webhooks/${harness.discord.applicationId}/${interaction.token}`;
    // The part with the buttons is the last one.
    await harness.discord.waitForRequest(
      (request) => isFollowUp(request) && customIds(request).length > 0,
    );
    const followUps = harness.discord.requests.filter(isFollowUp);
    const parts = [edit, ...followUps].map((request) => request.body.content as string);
    // Past VSBOT_MAX_ANSWER_CHARS (4,000) the story is cut, and says so.
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.join("\n")).toMatch(/\[cut: the answer was [\d,]+ characters/);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(fenceCount(part) % 2).toBe(0);
    }
    expect(parts.some((part) => part.includes(code))).toBe(true);
    const shown = parts[0]?.includes("sailor") ? stories[0] : stories[1];
    // Every paragraph before the cut is there, whole.
    let offset = 0;
    for (const piece of (shown ?? "").split("\n\n")) {
      offset += piece.length + 2;
      if (offset < 3800) expect(parts.join("\n\n")).toContain(piece);
    }
    // Buttons ride on the last part only.
    const all = [edit, ...followUps];
    expect(all.slice(0, -1).every((request) => customIds(request).length === 0)).toBe(true);
    expect(customIds(all[all.length - 1] as RecordedDiscordRequest)).toHaveLength(2);
  });

  it.sequential("shows a failing model's error to the user alone", async () => {
    harness.model.respondWith(() => ({ status: 500 }));
    const interaction = slashCommand(harness.context, "joke");
    harness.discord.dispatchInteraction(interaction);
    const followUp = await harness.discord.waitForRequest(
      (request) => request.method === "POST" && request.path.endsWith(`/${interaction.token}`),
    );
    expect(followUp.body.flags).toBe(64);
    expect(followUp.body.content).toBe("The model server had an error. Please try again shortly.");
    const seen = harness.discord.webhookMessages(interaction.token);
    expect(seen.filter((message) => !message.deleted)).toEqual([
      expect.objectContaining({ ephemeral: true, content: followUp.body.content }),
    ]);
    expect(harness.logs.some((line) => line.event === "discord.failed")).toBe(true);
  });

  it.sequential('answers "Show all" privately with the whole distribution', async () => {
    const edit = await askForJoke();
    const allId = customIds(edit)[1] ?? "";
    expect(allId).toMatch(/^vs:all:/);
    const interaction = buttonClick(harness.context, allId);
    harness.discord.dispatchInteraction(interaction);
    const chart = await harness.discord.waitForRequest(isEditOf(interaction.token));
    const callback = requestsFor(interaction.token)[0];
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    for (const [text] of DEFAULT_CANDIDATES)
      expect(chart.body.content).toContain(text.slice(0, 40));
    expect(harness.model.requests).toHaveLength(1);
  });

  it.sequential("defers /vs settings privately when it only shows them", async () => {
    const interaction = slashCommand(harness.context, "vs", {}, "settings");
    harness.discord.dispatchInteraction(interaction);
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));
    expect(requestsFor(interaction.token)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit.body.content).toContain("Sampling settings here");
  });

  it.sequential("refuses a settings change from a member without Manage Channels, privately", async () => {
    const interaction = slashCommand(harness.context, "vs", { k: 3 }, "settings");
    harness.discord.dispatchInteraction(interaction);
    const followUp = await harness.discord.waitForRequest(
      (request) => request.method === "POST" && request.path.endsWith(`/${interaction.token}`),
    );
    expect(followUp.body.flags).toBe(64);
    expect(followUp.body.content).toMatch(/Only members who can manage this channel/);
  });

  it.sequential("honours Retry-After when Discord rate-limits an edit", async () => {
    harness.discord.injectResponse({
      method: "PATCH",
      path: /\/messages\/@original$/,
      status: 429,
      headers: { "retry-after": "0.3", "x-ratelimit-scope": "user" },
      body: { message: "You are being rate limited.", retry_after: 0.3, global: false },
    });
    const interaction = slashCommand(harness.context, "joke");
    harness.discord.dispatchInteraction(interaction);
    const [limited, retried] = await harness.discord.waitForRequests(
      isEditOf(interaction.token),
      2,
    );
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(harness.discord.webhookMessages(interaction.token)[0]?.content).toBe(
      retried?.body.content,
    );
  });

  it.sequential("opens a thread for /persona start and answers messages there in character, typing first", async () => {
    const interaction = slashCommand(
      harness.context,
      "persona",
      { description: "a retired sea captain who distrusts maps", name: "Captain Reed" },
      "start",
    );
    harness.discord.dispatchInteraction(interaction);
    const pointer = await harness.discord.waitForRequest(isEditOf(interaction.token));
    const [thread] = harness.discord.threads;
    expect(thread).toMatchObject({
      parentId: harness.context.channelId,
      name: "Captain Reed",
      type: 11,
    });
    expect(pointer.body.content).toContain(`<#${thread?.id}>`);
    const intro = harness.discord.channelMessages(thread?.id ?? "");
    expect(intro).toHaveLength(1);
    expect(intro[0]?.content).toContain("**Captain Reed** is here");
    expect(harness.model.requests).toHaveLength(0);

    const lines: [string, number][] = [
      ["Maps lie, lad. The stars never have.", 0.5],
      ["I sailed forty years without a chart and never once got lost.", 0.5],
    ];
    harness.model.enqueue({ content: vsJson(lines), delayMs: 700 });
    const threadContext = { ...harness.context, channelId: thread?.id ?? "", channelType: 11 };
    const before = harness.discord.requests.length;
    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(threadContext, "Which way to the harbour?"),
    );
    // The persona posts under its own name, through the channel's webhook, into the thread.
    const reply = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        request.path.startsWith("/webhooks/") &&
        harness.discord.requests.indexOf(request) >= before,
    );
    expect(reply.body.username).toBe("Captain Reed");
    expect(new URLSearchParams(reply.query).get("thread_id")).toBe(thread?.id);
    expect(harness.discord.channelWebhooks()[0]?.channelId).toBe(harness.context.channelId);
    expect(harness.discord.channelMessages(thread?.id ?? "").at(-1)?.username).toBe("Captain Reed");
    const sinceMessage = harness.discord.requests.slice(before);
    expect(sinceMessage[0]?.path).toBe(`/channels/${thread?.id}/typing`);
    // "typing…" is renewed (every 300 ms in this test) while the model works.
    const typing = sinceMessage.filter((request) => request.path.endsWith("/typing"));
    expect(typing.length).toBeGreaterThanOrEqual(2);
    expect(lines.some(([line]) => reply.body.content.startsWith(line))).toBe(true);
    expect(customIds(reply).slice(0, 2)).toEqual([
      expect.stringMatching(/^vs:back:/),
      expect.stringMatching(/^vs:next:/),
    ]);
    const prompt = JSON.stringify(harness.model.requests[0]?.body.messages);
    expect(prompt).toContain("retired sea captain");
    expect(prompt).toContain("Which way to the harbour?");

    // The bot's own reply comes back over the gateway; it must not answer itself.
    await sleep(400);
    expect(harness.model.requests).toHaveLength(1);
    const typingAfter = harness.discord.requests.filter((request) =>
      request.path.endsWith("/typing"),
    );
    await sleep(400);
    expect(
      harness.discord.requests.filter((request) => request.path.endsWith("/typing")),
    ).toHaveLength(typingAfter.length);
  });

  it.sequential("keeps one session alive, its heartbeats acknowledged", async () => {
    await sleep(500);
    expect(harness.discord.heartbeats()).toBeGreaterThan(1);
    expect(harness.discord.identifies).toHaveLength(1);
  });

  it.sequential("stays silent on messages where no persona is active", async () => {
    harness.discord.dispatch("MESSAGE_CREATE", userMessage(harness.context, "hello, anyone?"));
    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(harness.context, "a bot speaks", { bot: true }),
    );
    await sleep(500);
    expect(harness.discord.requests).toEqual([]);
    expect(harness.model.requests).toEqual([]);
  });
});

describe.concurrent("the gateway bot with a model slower than Discord's 3 s", () => {
  let slow: GatewayHarness;

  beforeAll(async () => {
    slow = await startGatewayHarness({ env: { VSBOT_MODEL_RETRIES: "0" } });
  });

  afterAll(async () => {
    await slow?.close();
  });

  afterEach(() => {
    const sends = slow.discord.requests.filter(isMessageSend);
    for (const request of sends) expect(request.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("defers inside Discord's 3 seconds while the model takes longer", async ({ expect }) => {
    let modelAskedAt = Number.POSITIVE_INFINITY;
    slow.model.respondWith(() => {
      modelAskedAt = performance.now();
      return { content: vsJson(DEFAULT_CANDIDATES), delayMs: SLOW_MODEL_MS };
    });
    const interaction = slashCommand(slow.context, "joke");
    const dispatchedAt = slow.discord.dispatchInteraction(interaction);
    const edit = await slow.discord.waitForRequest(isEditOf(interaction.token), 15_000);

    const callback = slow.discord.requests.find((request) => request.path.endsWith("/callback"));
    expect(callback).toBeDefined();
    const deferredAt = callback?.at ?? Number.POSITIVE_INFINITY;
    expect(deferredAt - dispatchedAt).toBeLessThan(3000);
    expect(deferredAt).toBeLessThanOrEqual(modelAskedAt);
    expect(edit.at - modelAskedAt).toBeGreaterThanOrEqual(SLOW_MODEL_MS - 100);
    expect(edit.body.content.length).toBeGreaterThan(0);
  });
});

describe.concurrent("the gateway bot with personas off", () => {
  let quiet: DiscordHarness;
  let quietBot: RunningPlatform;

  beforeAll(async () => {
    quiet = await startHarness({ VSBOT_DISCORD_PERSONAS: "off" });
    quietBot = await startDiscordGateway(quiet.runtime);
  });

  afterAll(async () => {
    await quietBot?.stop();
    await quiet?.close();
  });

  it("asks for no Message Content intent and answers a persona only when mentioned", async ({
    expect,
  }) => {
    expect(quiet.discord.identifies[0]?.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    const inThread = { ...quiet.context, channelId: "300000000000000077", channelType: 11 };
    const start = slashCommand(inThread, "persona", { description: "a cheerful baker" }, "start");
    quiet.discord.dispatchInteraction(start);
    await quiet.discord.waitForRequest(isEditOfIn(quiet, start.token));
    expect(quiet.discord.threads).toEqual([]);

    quiet.discord.dispatch("MESSAGE_CREATE", userMessage(inThread, ""));
    await sleep(300);
    expect(quiet.model.requests).toHaveLength(0);

    quiet.model.enqueue({ content: vsJson([["Fresh bread for you!", 1]]) });
    const botId = quiet.discord.botUserId;
    quiet.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(inThread, `<@${botId}> what is good today?`, { mentions: [botId] }),
    );
    const reply = await quiet.discord.waitForRequest(
      (request) => request.method === "POST" && request.path.startsWith("/webhooks/"),
    );
    expect(reply.body.username).toBe("Persona");
    expect(reply.body.content).toContain("Fresh bread for you!");
    const prompt = JSON.stringify(quiet.model.requests[0]?.body.messages);
    expect(prompt).toContain("what is good today?");
    expect(prompt).not.toContain(`<@${botId}>`);
  });
});

function isEditOfIn(target: DiscordHarness, token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "PATCH" &&
    request.path === `/webhooks/${target.discord.applicationId}/${token}/messages/@original`;
}

describe.concurrent("the gateway bot with a token Discord rejects", () => {
  it("fails to start with Discord's token error instead of hanging", async ({ expect }) => {
    const rejected = await startHarness({ DISCORD_TOKEN: "not-the-bot-token" });
    try {
      await expect(startDiscordGateway(rejected.runtime)).rejects.toThrow(/token/i);
      expect(rejected.discord.identifies).toEqual([]);
    } finally {
      await rejected.close();
    }
  });
});
