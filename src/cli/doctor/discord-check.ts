import { REST, Routes } from "discord.js";
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
export async function checkDiscordToken(config: Config): Promise<CheckResult[]> {
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
