import type { Runtime } from "../../runtime/runtime.js";
import type { RunningPlatform } from "../platform.js";
import { type GatewayBotOptions, startGatewayBot } from "./gateway-bot.js";
import { startShardManager } from "./sharding.js";

export {
  type DiscordHttpOptions,
  type DiscordHttpPlatform,
  startDiscordHttp,
} from "./http-endpoint.js";
export { registerDiscordCommands } from "./register-commands.js";

export interface DiscordGatewayOptions extends GatewayBotOptions {
  /** Run under discord.js ShardingManager: "auto" or a shard count. */
  readonly shards?: "auto" | number;
}

/** `vsbot discord`: one gateway connection, or shards in child processes with `--shards`. */
export async function startDiscordGateway(
  runtime: Runtime,
  options: DiscordGatewayOptions = {},
): Promise<RunningPlatform> {
  const { shards, ...gatewayOptions } = options;
  if (shards !== undefined) return startShardManager(runtime, { shards });
  return startGatewayBot(runtime, gatewayOptions);
}
