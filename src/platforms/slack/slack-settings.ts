import { type Config, ConfigError } from "../../config/index.js";

export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string | undefined;
}

/** The Slack part of the config, checked for what `vsbot slack` needs; problems name the fix. */
export function slackSettings(config: Config): SlackSettings {
  const slack = config.slack;
  if (!slack) {
    throw new ConfigError([
      "SLACK_BOT_TOKEN is not set. Fix: set it to the Bot User OAuth Token (xoxb-...) of your Slack app.",
    ]);
  }
  const problems: string[] = [];
  if (!slack.botToken.startsWith("xoxb-")) {
    problems.push(
      "SLACK_BOT_TOKEN must be a bot token starting with xoxb-. Fix: copy the Bot User OAuth Token from OAuth & Permissions.",
    );
  }
  if (slack.appToken && !slack.appToken.startsWith("xapp-")) {
    problems.push(
      "SLACK_APP_TOKEN must be an app-level token starting with xapp-. Fix: create one with the connections:write scope under Basic Information > App-Level Tokens, or unset it to use HTTP.",
    );
  }
  if (!slack.appToken && !slack.signingSecret) {
    problems.push(
      "SLACK_SIGNING_SECRET is needed for the HTTP receiver. Fix: copy it from Basic Information > App Credentials, or set SLACK_APP_TOKEN to use Socket Mode instead.",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return slack;
}
