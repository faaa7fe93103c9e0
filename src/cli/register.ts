import { parseArgs } from "node:util";
import { discordPlatform, withRuntime } from "./serve.js";
import type { CliSubcommand } from "./subcommand.js";

export const registerSubcommand: CliSubcommand = {
  name: "register",
  usage: `  vsbot register [--guild ID]
                             register the slash commands with Discord (global, or one guild at once)`,
  needsConfig: true,
  async run(args, config) {
    const { values } = parseArgs({ args: [...args], options: { guild: { type: "string" } } });
    return withRuntime(config, async (runtime) => {
      const result = await (await discordPlatform()).registerDiscordCommands(
        config,
        runtime.commands,
        values.guild ? { guild: values.guild } : {},
        runtime.logger,
      );
      process.stdout.write(`Registered ${result.registered} commands (${result.scope}).\n`);
    });
  },
};
