import type { webApi } from "@slack/bolt";
import { ConfigError } from "../../config/index.js";
import { slackErrorCode } from "./slack-errors.js";

export interface BotIdentity {
  readonly botUserId: string;
  readonly botId: string | undefined;
  readonly team: string | undefined;
}

const TOKEN_ERRORS = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked"]);

/** auth.test at start-up: a bad token fails here, with the fix, not on the first command. */
export async function identifyBot(client: webApi.WebClient): Promise<BotIdentity> {
  try {
    const result = await client.auth.test();
    if (!result.user_id) throw new Error("auth.test returned no user_id");
    return { botUserId: result.user_id, botId: result.bot_id, team: result.team_id };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && TOKEN_ERRORS.has(code)) {
      throw new ConfigError([
        `SLACK_BOT_TOKEN was refused by Slack (${code}). Fix: copy the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page, after installing the app to the workspace.`,
      ]);
    }
    throw error;
  }
}
