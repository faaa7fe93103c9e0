import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShardManager } from "../../../src/platforms/discord/sharding.js";
import { type DiscordHarness, startHarness } from "./harness.js";

let harness: DiscordHarness;

beforeAll(async () => {
  harness = await startHarness({}, { recommendedShards: 2 });
  // The shard processes read their configuration from the environment they inherit, as the
  // real `vsbot discord --shards` children do.
  Object.assign(process.env, {
    DISCORD_TOKEN: "fake-bot-token-for-tests",
    DISCORD_API_BASE_URL: harness.discord.apiBaseUrl,
    DISCORD_APPLICATION_ID: harness.discord.applicationId,
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "silent",
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("sharding", () => {
  it("asks the configured API for the shard count and runs one identified shard per process", async () => {
    const running = await startShardManager(harness.runtime, { shards: "auto", spawnDelayMs: 50 });
    try {
      await harness.discord.waitForSession(2, 30_000);
      expect(harness.discord.requests[0]).toMatchObject({ method: "GET", path: "/gateway/bot" });
      const shards = harness.discord.identifies.map((identify) => identify.shard).sort();
      expect(shards).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(harness.logs.some((line) => line.event === "discord.sharding_without_redis")).toBe(
        true,
      );
    } finally {
      await running.stop();
    }
  }, 45_000);
});
