import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type OnTestFinishedHandler } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../fakes/fake-discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.js";
import { isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";
import { freePort, getUntil } from "../helpers/free-port.js";

const BOT_TOKEN = "fake-bot-token-for-tests";
const PUBLIC_KEY = "a".repeat(64);

let discord: FakeDiscord;
let slack: FakeSlack;

beforeAll(async () => {
  discord = await startFakeDiscord({ token: BOT_TOKEN, recommendedShards: 2, maxConcurrency: 16 });
  slack = await startFakeSlack();
});

afterAll(async () => {
  await discord?.close();
  await slack?.close();
});

/**
 * Starts `vsbot <args>` with monitoring on a free port, stopped when the test that started it
 * ends; resolves with that port.
 */
async function startVsbot(
  onTestFinished: (stop: OnTestFinishedHandler) => void,
  args: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [VSBOT_BIN, ...args], {
    cwd: mkdtempSync(join(tmpdir(), "vsbot-mode-")),
    env: isolatedEnv({
      VSBOT_STORE_URL: "memory://",
      VSBOT_LOG_LEVEL: "warn",
      VSBOT_METRICS_PORT: String(port),
      ...env,
    }),
    stdio: ["pipe", "ignore", "pipe"],
  });
  onTestFinished(() => {
    child.kill("SIGTERM");
  });
  return port;
}

/** /healthz answers, /readyz turns 200 once connected, /metrics has vsbot's series. */
async function expectMonitored(port: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  expect((await getUntil(`${base}/healthz`, (status) => status === 200)).status).toBe(200);
  expect((await getUntil(`${base}/readyz`, (status) => status === 200, 30_000)).status).toBe(200);
  const metrics = await getUntil(`${base}/metrics`, (status) => status === 200);
  expect(metrics.body).toContain("# TYPE vsbot_model_calls_total counter");
  expect(metrics.body).toContain("# TYPE vsbot_request_duration_seconds histogram");
}

const discordEnv = () => ({
  DISCORD_TOKEN: BOT_TOKEN,
  DISCORD_API_BASE_URL: discord.apiBaseUrl,
  DISCORD_APPLICATION_ID: discord.applicationId,
});

// Each bot is a process of its own that mostly waits on its start-up: they start together.
describe.concurrent("health, readiness and metrics in every mode", () => {
  it("serves them from the Discord gateway bot", async ({ onTestFinished }) => {
    await expectMonitored(await startVsbot(onTestFinished, ["discord"], discordEnv()));
  }, 40_000);

  it("serves them from the Discord HTTP endpoint", async ({ onTestFinished }) => {
    const env = { ...discordEnv(), DISCORD_PUBLIC_KEY: PUBLIC_KEY };
    await expectMonitored(
      await startVsbot(onTestFinished, ["discord", "--http", "--port", "0"], env),
    );
  }, 40_000);

  it("serves them from Slack in Socket Mode and over HTTP", async ({ onTestFinished }) => {
    const base = { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl };
    const ports = await Promise.all([
      startVsbot(onTestFinished, ["slack"], { ...base, SLACK_APP_TOKEN: slack.appToken }),
      startVsbot(onTestFinished, ["slack", "--port", "0"], {
        ...base,
        SLACK_SIGNING_SECRET: "secret",
      }),
    ]);
    await Promise.all(ports.map(expectMonitored));
  }, 60_000);

  it("serves them from the shard manager and from each shard on the ports after it", async ({
    onTestFinished,
  }) => {
    const port = await startVsbot(onTestFinished, ["discord", "--shards", "2"], discordEnv());
    await Promise.all([port, port + 1, port + 2].map(expectMonitored));
  }, 60_000);
});
