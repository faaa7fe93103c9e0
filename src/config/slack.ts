import { ConfigError } from "./errors.js";
import { httpUrl, secret } from "./fields.js";
import { defineArea, variable } from "./variable.js";

export interface SlackConfig {
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string | undefined;
}

export const slackArea = defineArea({
  title: "Slack",
  variables: {
    SLACK_BOT_TOKEN: variable(secret, {
      help: "Slack bot token (xoxb-...); with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN, `npm start` runs the Slack app.",
      example: "xoxb-...",
      fallback: "unset",
      secret: true,
    }),
    SLACK_SIGNING_SECRET: variable(secret, {
      help: "Slack signing secret, to verify requests to the HTTP receiver.",
      example: "your-signing-secret",
      fallback: "unset",
      secret: true,
    }),
    SLACK_APP_TOKEN: variable(secret, {
      help: "Slack app-level token (xapp-...); when set, Slack runs in Socket Mode and needs no public URL.",
      example: "xapp-...",
      fallback: "unset",
      secret: true,
    }),
    SLACK_API_URL: variable(httpUrl, {
      help: "Slack Web API base, for proxies and tests; Slack's own by default.",
      example: "https://slack.com/api/",
      fallback: "https://slack.com/api/",
    }),
  },
  read: (values): { readonly slack: SlackConfig | null } => {
    if (!values.SLACK_BOT_TOKEN) return { slack: null };
    if (!values.SLACK_SIGNING_SECRET && !values.SLACK_APP_TOKEN) {
      throw new ConfigError([
        "SLACK_BOT_TOKEN is set but Slack cannot receive events. Fix: set SLACK_APP_TOKEN (xapp-..., Socket Mode, no public URL) or SLACK_SIGNING_SECRET (HTTP receiver on PORT).",
      ]);
    }
    return {
      /** Present when SLACK_BOT_TOKEN is set. */
      slack: {
        botToken: values.SLACK_BOT_TOKEN,
        signingSecret: values.SLACK_SIGNING_SECRET,
        appToken: values.SLACK_APP_TOKEN,
        apiUrl: values.SLACK_API_URL,
      },
    };
  },
});
