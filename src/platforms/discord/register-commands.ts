import { Routes } from "discord.js";
import type { CommandDefinition } from "../../command-kit/definition.js";
import { type Config, ConfigError } from "../../config/index.js";
import type { Logger } from "../../engine/ports.js";
import { buildCommandPayloads } from "./command-payload.js";
import { createDiscordRest, stopRest } from "./discord-rest.js";

/**
 * Bulk-overwrites the application's slash commands, globally or in one guild (guild commands
 * update at once, global ones within about an hour). Running it twice changes nothing.
 */
export async function registerDiscordCommands(
  config: Config,
  commands: readonly CommandDefinition[],
  options: { readonly guild?: string },
  logger: Logger,
): Promise<{ readonly registered: number; readonly scope: string }> {
  const discord = config.discord;
  const problems = [
    discord?.token
      ? ""
      : "DISCORD_TOKEN is not set. Fix: set DISCORD_TOKEN to the bot token from the Developer Portal (Bot tab).",
    discord?.applicationId
      ? ""
      : "DISCORD_APPLICATION_ID is not set. Fix: set DISCORD_APPLICATION_ID to the application id from the Developer Portal (General Information).",
    options.guild === undefined || /^\d{15,25}$/.test(options.guild)
      ? ""
      : `--guild must be a numeric guild id (got ${JSON.stringify(options.guild)}). Fix: copy it with Developer Mode on (right-click the server, Copy Server ID).`,
  ].filter(Boolean);
  if (problems.length > 0 || !discord?.token || !discord.applicationId) {
    throw new ConfigError(problems);
  }
  const body = buildCommandPayloads(commands);
  const route = options.guild
    ? Routes.applicationGuildCommands(discord.applicationId, options.guild)
    : Routes.applicationCommands(discord.applicationId);
  const scope = options.guild ? `guild ${options.guild}` : "global";
  const rest = createDiscordRest(discord);
  try {
    await rest.put(route, { body });
  } finally {
    stopRest(rest);
  }
  logger.info("discord.commands_registered", {
    scope,
    commands: body.map((command) => command.name),
  });
  return { registered: body.length, scope };
}
