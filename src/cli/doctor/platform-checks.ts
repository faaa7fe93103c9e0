import type { Config } from "../../config/index.js";
import { type CheckResult, ok, warn } from "./check.js";

// Each platform's check is a module of its own, imported only when that platform is
// configured, so `vsbot doctor` loads discord.js and Bolt only for the bots it checks.

/** The bot token through DISCORD_API_BASE_URL, and that the application id and key match it. */
export async function checkDiscord(config: Config): Promise<CheckResult[]> {
  if (!config.discord) return [];
  return (await import("./discord-check.js")).checkDiscordToken(config);
}

/** The bot token (auth.test) and the app token (apps.connections.open) through SLACK_API_URL. */
export async function checkSlack(config: Config): Promise<CheckResult[]> {
  if (!config.slack) return [];
  return (await import("./slack-check.js")).checkSlackTokens(config);
}

/** Lists that cannot apply where the bot runs. */
export function checkAccess(config: Config): CheckResult[] {
  const { access } = config;
  const results: CheckResult[] = [];
  const roles = access.allowedRoles.length + access.blockedRoles.length > 0;
  if (roles && !config.discord) {
    results.push(
      warn(
        "access",
        "role lists are set, but roles exist only on Discord, which is not configured.",
        "use VSBOT_ALLOWED_USERS or VSBOT_BLOCKED_USERS for Slack.",
      ),
    );
  }
  const lists = [access.allowedChannels, access.allowedUsers, access.allowedRoles].filter(
    (list) => list.length > 0,
  ).length;
  results.push(
    ok(
      "access",
      lists === 0 &&
        access.blockedUsers.length + access.blockedChannels.length + access.blockedRoles.length ===
          0
        ? "everyone may use the bot everywhere (no allow or block lists)."
        : `${lists} allow-list(s) in force; DMs ${access.allowDms ? "on" : "off"}; ${access.adminUsers.length} admin(s).`,
    ),
  );
  return results;
}
