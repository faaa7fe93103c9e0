import { parseArgs } from "node:util";
import { ConfigError } from "../config/index.js";
import { portOption } from "./options.js";
import { discordPlatform, serve } from "./serve.js";
import type { CliSubcommand } from "./subcommand.js";

function shardsOption(value: string | undefined): "auto" | number | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return "auto";
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError([
      `--shards must be "auto" or a positive whole number (got ${JSON.stringify(value)})`,
    ]);
  }
  return count;
}

export const discordSubcommand: CliSubcommand = {
  name: "discord",
  usage: `  vsbot discord [--shards auto|N]
                             the Discord gateway bot (DISCORD_TOKEN)
  vsbot discord --http [--port N]
                             the Discord HTTP interactions endpoint at POST /interactions`,
  needsConfig: true,
  async run(args, config) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        http: { type: "boolean", default: false },
        port: { type: "string" },
        shards: { type: "string" },
      },
    });
    const port = portOption(values.port, config.port);
    const shards = shardsOption(values.shards);
    return serve(
      config,
      async (runtime) => {
        const discord = await discordPlatform();
        return [
          values.http
            ? await discord.startDiscordHttp(runtime, { port })
            : await discord.startDiscordGateway(runtime, shards === undefined ? {} : { shards }),
        ];
      },
      values.http ? { httpPort: port } : {},
    );
  },
};
