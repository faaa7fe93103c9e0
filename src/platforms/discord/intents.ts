import { GatewayIntentBits } from "discord.js";

/**
 * The fewest intents that work: Guilds for slash commands and threads, GuildMessages for
 * persona conversations, and the privileged MessageContent only when personas read every
 * message in their threads. Without it Discord still sends the text of messages that
 * mention the bot.
 */
export function gatewayIntents(personasReadMessages: boolean): number {
  const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages;
  return personasReadMessages ? intents | GatewayIntentBits.MessageContent : intents;
}
