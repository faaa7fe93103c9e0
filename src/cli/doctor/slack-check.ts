import { webApi } from "@slack/bolt";
import type { Config } from "../../config/index.js";
import { type CheckResult, fail, ok, reasonOf } from "./check.js";

/** The bot token (auth.test) and the app token (apps.connections.open) through SLACK_API_URL. */
export async function checkSlackTokens(config: Config): Promise<CheckResult[]> {
  const slack = config.slack;
  if (!slack) return [];
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
