import { REST } from "discord.js";

export interface DiscordRestSettings {
  readonly token: string | undefined;
  readonly apiBaseUrl: string | undefined;
}

function apiOption(settings: DiscordRestSettings): { api?: string } {
  return settings.apiBaseUrl ? { api: settings.apiBaseUrl } : {};
}

/**
 * A REST client for bot-token calls on the configured API base (Discord's own by default).
 * It honours Retry-After, rate-limit buckets and the bot-wide 50 requests a second itself.
 */
export function createDiscordRest(settings: DiscordRestSettings): REST {
  const rest = new REST(apiOption(settings));
  if (settings.token) rest.setToken(settings.token);
  return rest;
}

/**
 * The REST client for interaction responses and their webhooks (deferrals, edits, follow-ups),
 * which carry no bot token. Discord's global limit does not bind these routes, but
 * @discordjs/rest 2.x counts every webhook request against its own 50-a-second global budget
 * (only interaction callbacks skip it), so at load the answers would queue behind it. This
 * client has no such budget. Each interaction token is still its own route bucket, whose
 * X-RateLimit headers and 429 Retry-After it honours, and a 429 Discord marks global still
 * pauses it.
 */
export function createInteractionRest(settings: DiscordRestSettings): REST {
  return new REST({ ...apiOption(settings), globalRequestsPerSecond: Number.POSITIVE_INFINITY });
}

/** The `rest` option of a discord.js Client: the same API base for every REST call it makes. */
export function clientRestOptions(settings: DiscordRestSettings): { api?: string } {
  return apiOption(settings);
}

export function stopRest(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}
