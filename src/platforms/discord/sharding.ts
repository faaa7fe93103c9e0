import { once } from "node:events";
import { type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from "discord.js";
import { ConfigError } from "../../config/index.js";
import { CLI_ENTRY } from "../../runtime/package-root.js";
import type { Runtime } from "../../runtime/runtime.js";
import { type RunningPlatform, STOP_MESSAGE } from "../platform.js";
import { createDiscordRest, stopRest } from "./discord-rest.js";

/**
 * Discord lets `max_concurrency` shards identify every 5 seconds; spawning one shard per
 * 5.5 s divided by that keeps us inside it (large bots get 16 at once, small ones 1).
 */
const IDENTIFY_WINDOW_MS = 5500;
const SPAWN_TIMEOUT_MS = 60_000;
/**
 * A stopping shard gets the grace, then this long for its notices and store, before it is
 * killed: a little less than its own bound (grace + 5 s), so that a shard whose event loop is
 * stuck is killed before the manager itself gives up and exits.
 */
const SHARD_STOP_MARGIN_MS = 4500;

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
  let stopping = false;
  manager.on("shardCreate", (shard) => {
    // The manager serves health on VSBOT_METRICS_PORT; shard N on the port after it plus N.
    if (metricsPort !== undefined) {
      (shard.env as Record<string, string>).VSBOT_METRICS_PORT = String(metricsPort + 1 + shard.id);
    }
    logger.info("discord.shard_started", { shard: shard.id, of: totalShards });
    shard.on("death", (child) => {
      const code = "exitCode" in child ? (child.exitCode ?? child.signalCode) : undefined;
      if (stopping) logger.info("discord.shard_stopped", { shard: shard.id, code });
      else logger.warn("discord.shard_exited", { shard: shard.id, code, respawning: true });
    });
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
    // Each shard stops as a bot does on SIGTERM (in-flight answers get the grace), and the
    // manager waits for them: a manager that exited first would leave them to stop unwatched.
    stop: async (options) => {
      stopping = true;
      manager.respawn = false;
      const killAfterMs = (options?.graceMs ?? 0) + SHARD_STOP_MARGIN_MS;
      await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, killAfterMs)));
    },
  };
}

/** Asks a shard to stop (by message; by SIGTERM if that fails), waits, kills it if it must. */
async function stopShard(shard: Shard, killAfterMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.send(STOP_MESSAGE, (error) => {
    if (error) child.kill("SIGTERM");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
