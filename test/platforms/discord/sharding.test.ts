import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShardManager } from "../../../src/platforms/discord/sharding.js";
import { type DiscordHarness, startHarness } from "./harness.js";

let harness: DiscordHarness;
const SHARD_ENV = [
  "DISCORD_TOKEN",
  "DISCORD_API_BASE_URL",
  "DISCORD_APPLICATION_ID",
  "VSBOT_STORE_URL",
  "VSBOT_LOG_LEVEL",
  // discord.js's ShardingManager sets these in its own process; left behind, every later
  // Client in this worker would take itself for a shard and report to a manager that is gone.
  "SHARDING_MANAGER",
  "SHARDING_MANAGER_MODE",
] as const;
const savedEnv = SHARD_ENV.map((name) => [name, process.env[name]] as const);

beforeAll(async () => {
  harness = await startHarness({}, { recommendedShards: 2, maxConcurrency: 4 });
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
  // Test files share this worker: leave its environment as it was.
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("sharding", () => {
  it("asks the configured API for the shard count and identify concurrency, and runs one identified shard per process", async () => {
    const running = await startShardManager(harness.runtime, { shards: "auto" });
    try {
      await harness.discord.waitForSession(2, 30_000);
      expect(harness.discord.requests[0]).toMatchObject({ method: "GET", path: "/gateway/bot" });
      const shards = harness.discord.identifies.map((identify) => identify.shard).sort();
      expect(shards).toEqual([
        [0, 2],
        [1, 2],
      ]);
      // max_concurrency 4: one shard every 5.5 s / 4, not one every 5.5 s.
      const [first, second] = [...harness.discord.identifies].sort((a, b) => a.at - b.at);
      const gap = (second?.at ?? 0) - (first?.at ?? 0);
      expect(gap).toBeGreaterThan(1000);
      expect(gap).toBeLessThan(5000);
      expect(harness.logs.some((line) => line.event === "discord.sharding_without_redis")).toBe(
        true,
      );
    } finally {
      await running.stop();
    }
  }, 45_000);
});
