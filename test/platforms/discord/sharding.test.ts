import { describe, it, type OnTestFinishedHandler, vi } from "vitest";
import { RESTART_NOTICE } from "../../../src/platforms/in-flight.js";
import { type FakeDiscord, startFakeDiscord } from "../../fakes/fake-discord.js";
import { slashCommand } from "../../fakes/fake-discord-payloads.js";
import { type FakeOpenAI, startFakeOpenAI } from "../../fakes/fake-openai-server.js";
import {
  type BotProcess,
  type BotProcessOptions,
  startBotProcess,
} from "../../helpers/bot-process.js";
import { BOT_TOKEN, CHANNEL_ID, GUILD_ID } from "./harness.js";

type Cleanup = (stop: OnTestFinishedHandler) => void;

interface ShardedBot {
  readonly discord: FakeDiscord;
  readonly model: FakeOpenAI;
  /** The manager; its shards write their log lines to the same stderr. */
  readonly bot: BotProcess;
  /** Resolves once every process writing to that stderr (the manager and each shard) is gone. */
  readonly allGone: Promise<void>;
}

/** `vsbot discord --shards <shards>` against fakes of its own, all stopped when the test ends. */
async function startSharded(
  onTestFinished: Cleanup,
  shards: string,
  discordOptions: { recommendedShards: number; maxConcurrency: number },
  env: Record<string, string> = {},
  options: BotProcessOptions = {},
): Promise<ShardedBot> {
  const discord = await startFakeDiscord({
    token: BOT_TOKEN,
    strictInteractions: false,
    ...discordOptions,
  });
  const model = await startFakeOpenAI();
  const bot = startBotProcess(
    ["discord", "--shards", shards],
    {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      DISCORD_APPLICATION_ID: discord.applicationId,
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_STORE_URL: "memory://",
      ...env,
    },
    options,
  );
  const stderr = bot.child.stderr;
  if (!stderr) throw new Error("no stderr from the manager");
  const allGone = new Promise<void>((resolve) => stderr.once("close", () => resolve()));
  onTestFinished(async () => {
    if (options.ownGroup && bot.child.exitCode === null) signalGroup(bot, "SIGKILL");
    else bot.child.kill("SIGKILL");
    await model.close();
    await discord.close();
  });
  return { discord, model, bot, allGone };
}

/** Sends a signal to the manager's process group (itself and its shards), as a terminal does. */
function signalGroup(bot: BotProcess, signal: NodeJS.Signals): void {
  // Never process.kill(-0): that is this test runner's own group.
  if (bot.child.pid === undefined) throw new Error("the manager has no pid");
  process.kill(-bot.child.pid, signal);
}

/** Resolves once the manager itself (not a shard) has started: all its shards are up. */
async function managerStarted(bot: BotProcess): Promise<void> {
  await vi.waitFor(
    () => {
      const started = bot.logs.some(
        (line) =>
          line.event === "vsbot.started" &&
          Array.isArray(line.platforms) &&
          line.platforms.includes("discord-shards"),
      );
      if (!started) throw new Error("the manager has not started");
    },
    { timeout: 30_000, interval: 20 },
  );
}

/**
 * A manager with one shard (grace 300 ms) and a user waiting on it: their /joke's model call
 * is in flight and never answers.
 */
async function oneShardWithUserWaiting(onTestFinished: Cleanup, options: BotProcessOptions = {}) {
  const sharded = await startSharded(
    onTestFinished,
    "1",
    { recommendedShards: 1, maxConcurrency: 1 },
    { VSBOT_SHUTDOWN_GRACE: "300ms" },
    options,
  );
  const { discord, model, bot } = sharded;
  await discord.waitForSession(1, 30_000);
  await managerStarted(bot);
  model.respondWith(() => ({ hang: true }));
  const context = {
    applicationId: discord.applicationId,
    guildId: GUILD_ID,
    channelId: CHANNEL_ID,
  };
  const joke = slashCommand(context, "joke");
  discord.dispatchInteraction(joke);
  await vi.waitFor(
    () => {
      if (model.requests.length !== 1) throw new Error("the shard has not called the model");
    },
    { timeout: 10_000, interval: 20 },
  );
  return { ...sharded, joke };
}

/** Lines that are not the bot's JSON log: a crash's stack trace, say. */
function unstructured(bot: BotProcess): unknown[] {
  return bot.logs.filter((line) => line.event === "text").map((line) => line.line);
}

// Each test is a manager and its shard processes, which mostly wait: together.
describe.concurrent("sharding", () => {
  it("asks the configured API for the shard count and identify concurrency, runs one identified shard per process, and stops them all before it exits", async ({
    expect,
    onTestFinished,
  }) => {
    const { discord, bot, allGone } = await startSharded(onTestFinished, "auto", {
      recommendedShards: 2,
      maxConcurrency: 2,
    });
    await discord.waitForSession(2, 30_000);
    expect(discord.requests[0]).toMatchObject({ method: "GET", path: "/gateway/bot" });
    const shards = discord.identifies.map((identify) => identify.shard).sort();
    expect(shards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // max_concurrency 2: the manager starts one shard every 5.5 s / 2 (or once the one before
    // is ready, if that takes longer), neither one every 5.5 s nor all at once. Timed between
    // its own starts, not the identifies, which a shard slower to boot than the next would
    // bring closer.
    const starts = bot.logs
      .filter((line) => line.event === "discord.shard_started")
      .map((line) => Date.parse(String(line.time)));
    expect(starts).toHaveLength(2);
    const gap = (starts[1] ?? 0) - (starts[0] ?? 0);
    expect(gap).toBeGreaterThan(2500);
    expect(gap).toBeLessThan(5000);
    expect(bot.logs.some((line) => line.event === "discord.sharding_without_redis")).toBe(true);

    await managerStarted(bot);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    await allGone;
    // The manager's own last line comes after both shards have stopped, each cleanly.
    const events = bot.logs.map((line) => line.event);
    expect(bot.logs.filter((line) => line.event === "discord.shard_stopped")).toEqual([
      expect.objectContaining({ code: 0 }),
      expect.objectContaining({ code: 0 }),
    ]);
    expect(events.filter((event) => event === "vsbot.stopped")).toHaveLength(3);
    expect(events.at(-1)).toBe("vsbot.stopped");
    expect(events.lastIndexOf("discord.shard_stopped")).toBeLessThan(events.length - 1);
    expect(events).not.toContain("discord.shard_exited");
    expect(unstructured(bot)).toEqual([]);
  }, 45_000);

  it("stops a shard whose manager was killed, telling the user it was answering that the bot is restarting", async ({
    expect,
    onTestFinished,
  }) => {
    const { discord, bot, allGone, joke } = await oneShardWithUserWaiting(onTestFinished);

    bot.child.kill("SIGKILL");
    await allGone;
    // The shard noticed by itself and stopped as on SIGTERM: the grace, then the notice.
    expect(bot.logs.find((line) => line.event === "vsbot.stopping")).toMatchObject({
      reason: "parent_gone",
    });
    expect(bot.logs.some((line) => line.event === "vsbot.stopped")).toBe(true);
    const told = discord.webhookMessages(joke.token).filter((message) => !message.deleted);
    expect(told.map((message) => message.content)).toContain(RESTART_NOTICE);
    expect(unstructured(bot)).toEqual([]);
  }, 45_000);

  it("on Ctrl+C, which reaches the manager and its shards at once, lets each shard stop once, with its grace", async ({
    expect,
    onTestFinished,
  }) => {
    const { discord, bot, allGone, joke } = await oneShardWithUserWaiting(onTestFinished, {
      ownGroup: true,
    });

    signalGroup(bot, "SIGINT");
    expect(await bot.exited).toBe(0);
    await allGone;
    // The manager's stop request came on top of the shard's own SIGINT: not a second signal,
    // so the shard still waited out its grace and told the user rather than exiting at once.
    expect(bot.logs.filter((line) => line.event === "discord.shard_stopped")).toEqual([
      expect.objectContaining({ code: 0 }),
    ]);
    const told = discord.webhookMessages(joke.token).filter((message) => !message.deleted);
    expect(told.map((message) => message.content)).toContain(RESTART_NOTICE);
    expect(unstructured(bot)).toEqual([]);
  }, 45_000);
});
