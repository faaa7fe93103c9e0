import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDiscordGateway } from "../../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../../src/platforms/platform.js";
import { slashCommand, userMessage } from "../../fakes/fake-discord-payloads.js";
import { CHANNEL_ID, type DiscordHarness, startHarness } from "./harness.js";

const BLOCKED = "200000000000000666";
const THREAD_ID = "300000000000000077";
const EPHEMERAL = 64;

let harness: DiscordHarness;
let bot: RunningPlatform;

beforeAll(async () => {
  harness = await startHarness({
    VSBOT_MODEL_RETRIES: "0",
    VSBOT_ALLOWED_CHANNELS: CHANNEL_ID,
    VSBOT_BLOCKED_USERS: BLOCKED,
  });
  bot = await startDiscordGateway(harness.runtime);
  await harness.discord.waitForSession();
});

afterAll(async () => {
  await bot?.stop();
  await harness?.close();
});

beforeEach(() => {
  harness.discord.reset();
  harness.model.reset();
});

/** Dispatches an interaction; resolves with its callback and the message the user sees. */
async function dispatch(interaction: ReturnType<typeof slashCommand>) {
  harness.discord.dispatchInteraction(interaction);
  const callback = await harness.discord.waitForRequest((request) =>
    request.path.startsWith(`/interactions/${interaction.id}/`),
  );
  await harness.discord.waitForRequest(
    (request) => request.path.includes(interaction.token) && request.method !== "POST",
  );
  return { callback, messages: harness.discord.webhookMessages(interaction.token) };
}

describe("access lists on the Discord gateway", () => {
  it("answers in the allowed channel and in its threads", async () => {
    const { callback } = await dispatch(slashCommand(harness.context, "joke", { topic: "tea" }));
    expect(callback.body.data?.flags ?? 0).toBe(0);
    const inThread = {
      ...slashCommand({ ...harness.context, channelId: THREAD_ID }, "joke"),
      channel: { id: THREAD_ID, type: 11, parent_id: CHANNEL_ID, name: "a thread" },
    };
    const { messages } = await dispatch(inThread as ReturnType<typeof slashCommand>);
    expect(messages.some((message) => !message.ephemeral && message.components.length > 0)).toBe(
      true,
    );
    expect(harness.model.requests).toHaveLength(2);
  });

  it("refuses another channel and a blocked user privately from the first response, with no model call", async () => {
    for (const context of [
      { ...harness.context, channelId: "300000000000000099" },
      { ...harness.context, userId: BLOCKED },
    ]) {
      const { callback, messages } = await dispatch(slashCommand(context, "joke"));
      expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      const shown = messages.filter((message) => !message.deleted && message.content);
      expect(shown.every((message) => message.ephemeral)).toBe(true);
      expect(shown.map((message) => message.content).join()).toMatch(/Sorry/);
    }
    expect(harness.model.requests).toHaveLength(0);
  });

  it("answers persona messages in a thread of the allowed channel, and refuses a blocked user's by DM", async () => {
    const persona = slashCommand(
      harness.context,
      "persona",
      { description: "a lighthouse keeper" },
      "start",
    );
    harness.discord.dispatchInteraction(persona);
    await harness.discord.waitForRequest((request) => request.path.endsWith("/threads"));
    await harness.discord.waitForRequest((request) => request.method === "PATCH");
    const thread = harness.discord.threads.at(-1)?.id ?? "";
    const before = harness.discord.requests.length;
    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage({ ...harness.context, channelId: thread }, "hi"),
    );
    // The persona posts through the channel's webhook, into the thread.
    const answer = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        request.path.startsWith("/webhooks/") &&
        new URLSearchParams(request.query).get("thread_id") === thread &&
        harness.discord.requests.indexOf(request) >= before,
    );
    expect(answer.body.components?.length ?? 0).toBeGreaterThan(0);
    expect(harness.model.requests).toHaveLength(1);
    const blocked = userMessage({ ...harness.context, channelId: thread, userId: BLOCKED }, "hi");
    harness.discord.dispatch("MESSAGE_CREATE", blocked);
    const dm = await harness.discord.waitForRequest(
      (request) => request.method === "POST" && request.path === "/users/@me/channels",
    );
    expect(dm.body).toEqual({ recipient_id: BLOCKED });
    const sent = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        /^\/channels\/\d+\/messages$/.test(request.path) &&
        /Sorry/.test(String(request.body.content)),
    );
    expect(sent.path).not.toContain(thread);
    expect(harness.model.requests).toHaveLength(1);
  });
});
