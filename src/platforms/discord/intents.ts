import { GatewayIntentBits } from "discord.js";

/**
 * The fewest intents that work: Guilds for slash commands and threads, GuildMessages for
 * mentions, replies and persona conversations in servers, DirectMessages for DMs (kept even
 * with VSBOT_ALLOW_DMS=off, since admins may still write), and the privileged MessageContent
 * only when personas read every message in their threads. Without it Discord still sends the
 * text of messages that mention the bot, and of DMs.
 */
export function gatewayIntents(personasReadMessages: boolean): number {
  const intents =
    GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
  return personasReadMessages ? intents | GatewayIntentBits.MessageContent : intents;
}
