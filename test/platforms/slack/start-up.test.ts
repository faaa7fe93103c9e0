import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/index.js";
import { startSlack } from "../../../src/platforms/slack/index.js";
import { slackSettings } from "../../../src/platforms/slack/slack-settings.js";
import { createRuntime } from "../../../src/runtime/runtime.js";
import { startFakeSlack } from "../../fakes/fake-slack.js";
import { captureLogger } from "../../helpers/capture-logger.js";

function problemsOf(env: Record<string, string>): string {
  try {
    slackSettings(loadConfig(env));
    return "";
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
}

describe("Slack start-up checks", () => {
  it("names the missing or malformed variable and its fix", () => {
    expect(problemsOf({})).toContain("SLACK_BOT_TOKEN is not set");
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" })).toContain("SLACK_SIGNING_SECRET");
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxp-1", SLACK_SIGNING_SECRET: "s" })).toContain(
      "starting with xoxb-",
    );
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-2" })).toContain(
      "starting with xapp-",
    );
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })).toBe("");
  });

  it("fails at start-up, naming SLACK_BOT_TOKEN, when Slack refuses the token", async () => {
    const slack = await startFakeSlack({ botToken: "xoxb-the-real-one" });
    const runtime = await createRuntime(
      loadConfig({
        VSBOT_STORE_URL: "memory://",
        SLACK_BOT_TOKEN: "xoxb-a-wrong-one",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: slack.apiUrl,
      }),
      { logger: captureLogger() },
    );
    try {
      await expect(startSlack(runtime, { port: 0 })).rejects.toThrow(
        /SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)/,
      );
      expect(slack.callsTo("auth.test")).toHaveLength(1);
    } finally {
      await runtime.close();
      await slack.close();
    }
  });
});
