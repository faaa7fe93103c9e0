import type { ReferencedMessage } from "./message-payload.js";

/** The ids the bot answers to: its user, and its application (the author of interaction replies). */
export interface BotIdentity {
  readonly userId: string | undefined;
  readonly applicationId: string | undefined;
}

/**
 * Written by this bot: as itself, as the webhook of its interaction responses, or as a
 * persona through a channel webhook the bot's application owns.
 */
export function isFromBot(message: ReferencedMessage, bot: BotIdentity): boolean {
  const ids = [bot.userId, bot.applicationId].filter((id): id is string => id !== undefined);
  return (
    ids.includes(message.author.id) ||
    (message.webhook_id !== undefined && ids.includes(message.webhook_id)) ||
    (message.webhook_id !== undefined &&
      bot.applicationId !== undefined &&
      message.application_id === bot.applicationId)
  );
}

function mentionName(message: ReferencedMessage, id: string): string | undefined {
  const user = message.mentions.find((mentioned) => mentioned.id === id);
  return user ? user.global_name || user.username : undefined;
}

/**
 * A person's message as plain text for the model: mentions of the bot dropped (the message is
 * addressed to it anyway), other users' as @names where the message names them, custom emoji
 * as :name:.
 */
export function personText(message: ReferencedMessage, bot: BotIdentity): string {
  return message.content
    .replace(/<@!?(\d+)>/g, (whole, id: string) => {
      if (id === bot.userId || id === bot.applicationId) return "";
      const name = mentionName(message, id);
      return name ? `@${name}` : whole;
    })
    .replace(/<a?(:\w+:)\d+>/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** The bot's own message without its footer (probability, what is left), which is not the answer. */
export function botText(message: ReferencedMessage): string {
  const lines = message.content.split("\n");
  while (lines.length > 0 && /^-# /.test(lines.at(-1) ?? "")) lines.pop();
  return lines.join("\n").trim();
}
