import { REST } from "discord.js";

export interface DiscordRestSettings {
  readonly token: string | undefined;
  readonly apiBaseUrl: string | undefined;
}

/**
 * A REST client on the configured API base (Discord's own by default). It honours
 * Retry-After and rate-limit buckets itself; nothing here overrides that.
 */
export function createDiscordRest(settings: DiscordRestSettings): REST {
  const rest = new REST(settings.apiBaseUrl ? { api: settings.apiBaseUrl } : {});
  if (settings.token) rest.setToken(settings.token);
  return rest;
}

/** The `rest` option of a discord.js Client: the same API base for every REST call it makes. */
export function clientRestOptions(settings: DiscordRestSettings): { api?: string } {
  return settings.apiBaseUrl ? { api: settings.apiBaseUrl } : {};
}

export function stopRest(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}
