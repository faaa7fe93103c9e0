import type { Config } from "../../config/index.js";
import { type CheckResult, fail, ok, reasonOf, warn } from "./check.js";

interface DiscordUser {
  readonly username?: string;
}
interface DiscordApplication {
  readonly id?: string;
  readonly verify_key?: string;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** The bot token through DISCORD_API_BASE_URL, and that the application id and key match it. */
export async function checkDiscord(config: Config): Promise<CheckResult[]> {
  const discord = config.discord;
  if (!discord) return [];
  if (!discord.token) {
    return [
      warn(
        "discord",
        "DISCORD_PUBLIC_KEY is set without DISCORD_TOKEN: only the HTTP endpoint can run, and its key cannot be checked from here.",
        "set DISCORD_TOKEN to check the key and to run the gateway or `vsbot register`.",
      ),
    ];
  }
  const { REST, Routes } = await import("discord.js");
  const rest = new REST({ ...(discord.apiBaseUrl ? { api: discord.apiBaseUrl } : {}), retries: 0 });
  rest.setToken(discord.token);
  const base = discord.apiBaseUrl ?? "https://discord.com/api";
  try {
    const user = (await rest.get(Routes.user())) as DiscordUser;
    const results = [
      ok("discord token", `accepted by ${base} for the bot ${user.username ?? "?"}.`),
    ];
    const application = (await rest.get(Routes.currentApplication()).catch(() => undefined)) as
      | DiscordApplication
      | undefined;
    if (application?.id && discord.applicationId && application.id !== discord.applicationId) {
      results.push(
        fail(
          "discord application",
          `DISCORD_APPLICATION_ID is ${discord.applicationId}, but the token belongs to application ${application.id}.`,
          `set DISCORD_APPLICATION_ID=${application.id}.`,
        ),
      );
    } else if (!discord.applicationId) {
      results.push(
        warn(
          "discord application",
          "DISCORD_APPLICATION_ID is not set; `vsbot register` needs it.",
          application?.id ? `set DISCORD_APPLICATION_ID=${application.id}.` : undefined,
        ),
      );
    }
    if (
      application?.verify_key &&
      discord.publicKey &&
      application.verify_key.toLowerCase() !== discord.publicKey.toLowerCase()
    ) {
      results.push(
        fail(
          "discord public key",
          "DISCORD_PUBLIC_KEY is not this application's public key, so signed interactions would be refused.",
          "copy the Public Key from the Developer Portal (General Information) into DISCORD_PUBLIC_KEY.",
        ),
      );
    }
    return results;
  } catch (error) {
    const status = statusOf(error);
    return [
      status === 401
        ? fail(
            "discord token",
            `${base} refused DISCORD_TOKEN (401).`,
            "copy the bot token again from the Developer Portal (Bot, Reset Token) into DISCORD_TOKEN.",
          )
        : fail(
            "discord token",
            `${base} could not be asked about the token: ${reasonOf(error)}`,
            "check DISCORD_API_BASE_URL and the network.",
          ),
    ];
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** The bot token (auth.test) and the app token (apps.connections.open) through SLACK_API_URL. */
export async function checkSlack(config: Config): Promise<CheckResult[]> {
  const slack = config.slack;
  if (!slack) return [];
  const { webApi } = await import("@slack/bolt");
  const options = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  };
  const base = slack.apiUrl ?? "https://slack.com/api/";
  const codeOf = (error: unknown) =>
    (error as { data?: { error?: string } }).data?.error ?? reasonOf(error);
  const results: CheckResult[] = [];
  try {
    const identity = await new webApi.WebClient(slack.botToken, options).auth.test();
    results.push(
      ok(
        "slack bot token",
        `accepted by ${base} for ${identity.user ?? "the bot"} in ${identity.team ?? "its workspace"}.`,
      ),
    );
  } catch (error) {
    results.push(
      fail(
        "slack bot token",
        `${base} refused SLACK_BOT_TOKEN (${codeOf(error)}).`,
        "copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions, after installing the app to the workspace.",
      ),
    );
  }
  if (slack.appToken) {
    try {
      await new webApi.WebClient(slack.appToken, options).apps.connections.open();
      results.push(ok("slack app token", "Socket Mode can connect."));
    } catch (error) {
      results.push(
        fail(
          "slack app token",
          `${base} refused SLACK_APP_TOKEN (${codeOf(error)}).`,
          "generate an app-level token with connections:write (Basic Information, App-Level Tokens) and enable Socket Mode.",
        ),
      );
    }
  } else {
    results.push(
      ok(
        "slack signing secret",
        "set; Slack checks it on its first request to /slack/events (it cannot be tested from here).",
      ),
    );
  }
  return results;
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
