import { describe, expect, it, type OnTestFinishedHandler } from "vitest";
import { RESTART_NOTICE } from "../../src/platforms/in-flight.js";
import { STOP_MESSAGE } from "../../src/platforms/platform.js";
import { startFakeDiscord } from "../fakes/fake-discord.js";
import { slashCommand } from "../fakes/fake-discord-payloads.js";
import { createSigningKeys, postSigned } from "../fakes/fake-discord-signing.js";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { startFakeSlack } from "../fakes/fake-slack.js";
import { postToApp, slashCommandRequest } from "../fakes/fake-slack-requests.js";
import {
  type BotProcess,
  type BotProcessOptions,
  startBotProcess,
} from "../helpers/bot-process.js";

/**
 * Short, so the tests wait little, yet well above the ~0.3 s a process takes to stop with no
 * grace at all. The bot's own log times the wait itself, without its start or its exit.
 */
const GRACE_MS = 600;
const MARGIN_MS = 5000;

type Cleanup = (stop: OnTestFinishedHandler) => void;

/** A fake server, closed when the test ends. */
async function fakeServer<Fake extends { close(): Promise<void> }>(
  onTestFinished: Cleanup,
  start: () => Promise<Fake>,
): Promise<Fake> {
  const fake = await start();
  onTestFinished(() => fake.close());
  return fake;
}

/** A model server whose every call hangs: the request is still in flight at SIGTERM. */
async function hangingModel(onTestFinished: Cleanup): Promise<FakeOpenAI> {
  const model = await fakeServer(onTestFinished, () => startFakeOpenAI());
  model.respondWith(() => ({ hang: true }));
  return model;
}

/** `vsbot <args>`, killed outright when the test ends if it is still there. */
function botProcess(
  onTestFinished: Cleanup,
  args: readonly string[],
  env: Record<string, string>,
  options: BotProcessOptions = {},
): BotProcess {
  const bot = startBotProcess(args, env, options);
  onTestFinished(() => {
    bot.child.kill("SIGKILL");
  });
  return bot;
}

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** SIGTERM now; resolves with how long the process took to go, in milliseconds. */
async function stopTimed(process: BotProcess): Promise<number> {
  const started = performance.now();
  process.child.kill("SIGTERM");
  await process.exited;
  return performance.now() - started;
}

/** How long the bot waited between the signal and the log line of its stopped platform. */
function graceWaited(bot: BotProcess, stoppedEvent: string): number {
  const timeOf = (event: string) => {
    const line = bot.logs.find((entry) => entry.event === event);
    if (!line) throw new Error(`the bot did not log ${event}`);
    return Date.parse(String(line.time));
  };
  return timeOf(stoppedEvent) - timeOf("vsbot.stopping");
}

/**
 * `vsbot discord --http` with a user waiting on a model that never answers: their /joke is
 * acknowledged and its model call is in flight.
 */
async function discordUserWaiting(
  onTestFinished: Cleanup,
  graceMs: number,
  options: BotProcessOptions = {},
) {
  const model = await hangingModel(onTestFinished);
  const discord = await fakeServer(onTestFinished, () =>
    startFakeDiscord({ token: "bot-token", strictInteractions: false }),
  );
  const keys = createSigningKeys();
  const bot = botProcess(
    onTestFinished,
    ["discord", "--http", "--port", "0"],
    {
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_STORE_URL: "memory://",
      VSBOT_SHUTDOWN_GRACE: `${graceMs}ms`,
      DISCORD_TOKEN: "bot-token",
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
    },
    options,
  );
  const listening = await bot.waitForLog("discord.http_listening");
  const url = `http://127.0.0.1:${String(listening.port)}/interactions`;
  const context = {
    applicationId: discord.applicationId,
    guildId: "300000000000000001",
    channelId: "300000000000000002",
  };
  const interaction = slashCommand(context, "joke", { topic: "tea" });
  expect((await postSigned(url, keys, interaction)).status).toBe(200);
  await waitUntil(() => model.requests.length === 1);
  return { bot, discord, interaction };
}

// Each test is a bot process of its own that mostly waits (to start, then the grace): together.
describe.concurrent("stopping on SIGTERM while the model never answers", () => {
  it("tells the waiting Discord user the bot is restarting and exits within grace + 5 s", async ({
    onTestFinished,
  }) => {
    const { bot, discord, interaction } = await discordUserWaiting(onTestFinished, GRACE_MS);

    const elapsed = await stopTimed(bot);
    expect(elapsed).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(elapsed).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(graceWaited(bot, "discord.http_stopped")).toBeGreaterThanOrEqual(GRACE_MS - 100);
    const told = discord.webhookMessages(interaction.token).filter((message) => !message.deleted);
    expect(told.map((message) => message.content)).toContain(RESTART_NOTICE);
    expect(told.every((message) => message.ephemeral)).toBe(true);
    expect(bot.logs.some((line) => line.event === "discord.http_stopped" && line.told === 1)).toBe(
      true,
    );
  });

  it("exits at once, with code 130, on a second signal during the grace", async ({
    onTestFinished,
  }) => {
    const { bot } = await discordUserWaiting(onTestFinished, 20_000);
    const started = performance.now();
    bot.child.kill("SIGTERM");
    await bot.waitForLog("vsbot.stopping");
    bot.child.kill("SIGINT");
    expect(await bot.exited).toBe(130);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("takes a stop its parent asked for and the one signal of the same Ctrl+C as one request", async ({
    onTestFinished,
  }) => {
    // A shard in a terminal: the manager relays Ctrl+C as a message, and the shard, in the
    // same process group, also gets the SIGINT itself.
    const { bot, discord, interaction } = await discordUserWaiting(onTestFinished, GRACE_MS, {
      ipc: true,
    });
    const started = performance.now();
    bot.child.send(STOP_MESSAGE);
    expect(await bot.waitForLog("vsbot.stopping")).toMatchObject({ reason: "parent_asked" });
    bot.child.kill("SIGINT");
    expect(await bot.exited).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(GRACE_MS - 100);
    const told = discord.webhookMessages(interaction.token).filter((message) => !message.deleted);
    expect(told.map((message) => message.content)).toContain(RESTART_NOTICE);
  });

  it("tells the waiting Slack user privately and exits within grace + 5 s", async ({
    onTestFinished,
  }) => {
    const model = await hangingModel(onTestFinished);
    const slack = await fakeServer(onTestFinished, () => startFakeSlack());
    const secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const bot = botProcess(onTestFinished, ["slack", "--port", "0"], {
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_STORE_URL: "memory://",
      VSBOT_SHUTDOWN_GRACE: `${GRACE_MS}ms`,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
    });
    const started = await bot.waitForLog("slack.started");
    const url = `http://127.0.0.1:${String(started.port)}/slack/events`;
    const request = slashCommandRequest({
      command: "/joke",
      text: "penguins",
      responseUrl: slack.responseUrl("waiting"),
    });
    expect((await postToApp(url, request, { secret })).status).toBe(200);
    await waitUntil(() => model.requests.length === 1);

    const elapsed = await stopTimed(bot);
    expect(elapsed).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(graceWaited(bot, "slack.stopped")).toBeGreaterThanOrEqual(GRACE_MS - 100);
    const notices = slack.responses.filter((response) => response.id === "waiting");
    expect(notices.map((notice) => JSON.stringify(notice.body))).toEqual([
      expect.stringContaining("vsbot is restarting"),
    ]);
    expect(notices[0]?.body.response_type).toBe("ephemeral");
  });
});
