import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RecordedDiscordRequest } from "../../fakes/fake-discord.js";
import { slashCommand, userMessage } from "../../fakes/fake-discord-payloads.js";
import { vsJson } from "../../fakes/fake-openai-server.js";
import { type DiscordHarness, startGatewayHarness } from "./harness.js";

let harness: DiscordHarness;
/** A voice channel's text chat: /persona start keeps the persona there, no thread. */
const VOICE_CHANNEL = "300000000000000090";

beforeAll(async () => {
  harness = await startGatewayHarness({
    env: { VSBOT_SCENE_PAUSE: "0", VSBOT_MODEL_RETRIES: "0" },
    extraChannels: [{ id: VOICE_CHANNEL, name: "lounge", type: 2 }],
  });
});

afterAll(async () => {
  await harness.runtime.chat.scenesSettled();
  await harness?.close();
});

beforeEach(() => {
  harness.discord.reset();
  harness.model.reset();
});

function isEditOf(token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "PATCH" && request.path.endsWith(`/${token}/messages/@original`);
}

async function command(
  context: typeof harness.context & { channelType?: number },
  subcommand: string,
  options: Record<string, string | number>,
): Promise<RecordedDiscordRequest> {
  const interaction = slashCommand(context, "persona", options, subcommand);
  harness.discord.dispatchInteraction(interaction);
  return harness.discord.waitForRequest(isEditOf(interaction.token));
}

const isExecute = (request: RecordedDiscordRequest) =>
  request.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(request.path);

describe("persona scenes and triggers on Discord (real discord.js, fake Discord)", () => {
  it("runs a two-persona scene 10 lines through the thread's webhook, each under its persona's name and avatar, and stops by itself", async () => {
    await command(harness.context, "start", {
      name: "Captain Reed",
      description: "a retired sea captain",
    });
    const [thread] = harness.discord.threads;
    const inThread = {
      ...harness.context,
      channelId: thread?.id ?? "",
      channelType: 11,
      parentId: harness.context.channelId,
    };
    const avatar = "https://images.example.test/mira.png";
    await command(inThread, "scene", {
      action: "add",
      name: "Mira",
      description: "a young navigator",
      avatar,
    });
    let call = 0;
    harness.model.respondWith(() => {
      call += 1;
      const speaker = call % 2 === 0 ? "Mira" : "Captain Reed";
      return {
        content: JSON.stringify({
          responses: [
            {
              speaker,
              text: `Line ${call}: ${["gulls", "tides", "rope", "stars", "rum", "sails", "fog", "reef", "bells", "maps"][call % 10]} number ${call * 17}.`,
              probability: 1,
            },
          ],
        }),
      };
    });
    const started = await command(inThread, "scene", { action: "start" });
    expect(started.body.content).toContain("The scene begins");
    const lines = await harness.discord.waitForRequests(isExecute, 10);
    const stop = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        request.path === `/channels/${thread?.id}/messages` &&
        String(request.body.content).includes("stops by itself"),
    );
    expect(stop.body.content).toContain("after 10 lines");
    expect(lines.map((line) => line.body.username)).toEqual(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? "Captain Reed" : "Mira")),
    );
    const miraLine = lines.find((line) => line.body.username === "Mira");
    expect(miraLine?.body.avatar_url).toBe(avatar);
    expect(
      lines.every((line) => new URLSearchParams(line.query).get("thread_id") === thread?.id),
    ).toBe(true);
    expect(harness.discord.channelWebhooks()).toHaveLength(1);
    // Every line came back over the gateway (webhook_id); none was answered.
    await sleep(300);
    expect(harness.model.requests).toHaveLength(10);
    expect(harness.discord.requests.filter(isExecute)).toHaveLength(10);
  });

  it("in a shared channel answers only when named or replied to, never another bot", async () => {
    const lounge = { ...harness.context, channelId: VOICE_CHANNEL, channelType: 2 };
    await command(lounge, "start", { name: "Captain Reed", description: "a sea captain" });
    expect(harness.discord.threads).toEqual([]);
    harness.model.respondWith(() => ({ content: vsJson([["Aye, that's me.", 1]]) }));

    harness.discord.dispatch("MESSAGE_CREATE", userMessage(lounge, "anyone seen my keys?"));
    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(lounge, "Captain Reed, tell us a story", { bot: true }),
    );
    harness.discord.dispatch("MESSAGE_CREATE", userMessage(lounge, "the reediest captain"));
    await sleep(400);
    expect(harness.model.requests).toHaveLength(0);

    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(lounge, "what do you say, captain reed?"),
    );
    const named = await harness.discord.waitForRequest(isExecute);
    expect(named.body.username).toBe("Captain Reed");
    const posted = harness.discord
      .storedMessages(VOICE_CHANNEL)
      .find((message) => message.webhook_id);
    expect(posted).toBeDefined();

    harness.discord.dispatch(
      "MESSAGE_CREATE",
      userMessage(lounge, "go on then", {
        replyTo: { id: posted?.id ?? "", channel_id: VOICE_CHANNEL, ...posted },
      }),
    );
    await harness.discord.waitForRequests(isExecute, 2);
    await sleep(300);
    expect(harness.model.requests).toHaveLength(2);
  });

  it("says once how to fix a missing Manage Webhooks permission and posts as the bot meanwhile", async () => {
    harness.discord.setManageWebhooks(false);
    harness.model.respondWith(() => ({ content: vsJson([["Steady as she goes.", 1]]) }));
    await command(harness.context, "start", { name: "Captain Reed", description: "a captain" });
    const [thread] = harness.discord.threads;
    const inThread = { ...harness.context, channelId: thread?.id ?? "", channelType: 11 };
    harness.discord.dispatch("MESSAGE_CREATE", userMessage(inThread, "How's the weather?"));
    const notice = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        request.path === `/channels/${thread?.id}/messages` &&
        String(request.body.content).includes("Manage Webhooks"),
    );
    expect(notice.body.content).toContain("Edit Channel → Permissions");
    const reply = harness.discord
      .channelMessages(thread?.id ?? "")
      .find((message) => message.content.startsWith("**Captain Reed**: Steady as she goes."));
    expect(reply).toBeDefined();
  });
});
