import { type RESTGetAPIGatewayBotResult, Routes, ShardingManager } from "discord.js";
import { ConfigError } from "../../config/index.js";
import { CLI_ENTRY } from "../../runtime/package-root.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { RunningPlatform } from "../platform.js";
import { createDiscordRest, stopRest } from "./discord-rest.js";

/**
 * Discord lets `max_concurrency` shards identify every 5 seconds; spawning one shard per
 * 5.5 s divided by that keeps us inside it (large bots get 16 at once, small ones 1).
 */
const IDENTIFY_WINDOW_MS = 5500;
const SPAWN_TIMEOUT_MS = 60_000;

export interface ShardedOptions {
  readonly shards: "auto" | number;
  /** The CLI entry each shard runs; `bin/vsbot.js` by default. */
  readonly entry?: string;
  readonly spawnDelayMs?: number;
}

interface GatewayPlan {
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
}

async function gatewayPlan(token: string, apiBaseUrl: string | undefined): Promise<GatewayPlan> {
  const rest = createDiscordRest({ token, apiBaseUrl });
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return {
      recommendedShards: Math.max(1, gateway.shards),
      maxConcurrency: Math.max(1, gateway.session_start_limit?.max_concurrency ?? 1),
    };
  } finally {
    stopRest(rest);
  }
}

/**
 * Runs the gateway bot as shards under discord.js's ShardingManager: each shard is a child
 * `vsbot discord` process, which discord.js tells its shard ids through the environment.
 * Shards share nothing but the state store, so it must be Redis.
 */
export async function startShardManager(
  runtime: Runtime,
  options: ShardedOptions,
): Promise<RunningPlatform> {
  const discord = runtime.config.discord;
  if (!discord?.token) {
    throw new ConfigError([
      "DISCORD_TOKEN is not set. Fix: set it to the bot token from the Developer Portal (Bot tab) to run `vsbot discord --shards`.",
    ]);
  }
  const { logger } = runtime;
  if (runtime.store.kind !== "redis") {
    logger.warn("discord.sharding_without_redis", {
      store: runtime.store.kind,
      fix: "set VSBOT_STORE_URL=redis://host:6379 so every shard sees the same tails, settings and personas",
    });
  }
  // Counted through our REST client, so DISCORD_API_BASE_URL applies here too.
  const plan = await gatewayPlan(discord.token, discord.apiBaseUrl);
  const totalShards = options.shards === "auto" ? plan.recommendedShards : options.shards;
  const entry = options.entry ?? CLI_ENTRY;
  const manager = new ShardingManager(entry, {
    token: discord.token,
    totalShards,
    shardArgs: ["discord"],
    mode: "process",
    respawn: true,
  });
  const metricsPort = runtime.config.metricsPort;
  manager.on("shardCreate", (shard) => {
    // The manager serves health on VSBOT_METRICS_PORT; shard N on the port after it plus N.
    if (metricsPort !== undefined) {
      (shard.env as Record<string, string>).VSBOT_METRICS_PORT = String(metricsPort + 1 + shard.id);
    }
    logger.info("discord.shard_started", { shard: shard.id, of: totalShards });
    shard.on("death", () => logger.warn("discord.shard_exited", { shard: shard.id }));
  });
  await manager.spawn({
    amount: totalShards,
    delay: options.spawnDelayMs ?? Math.ceil(IDENTIFY_WINDOW_MS / plan.maxConcurrency),
    timeout: SPAWN_TIMEOUT_MS,
  });
  return {
    name: "discord-shards",
    ready: () =>
      manager.shards.size === totalShards &&
      [...manager.shards.values()].every((shard) => shard.ready),
    stop: async () => {
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}
