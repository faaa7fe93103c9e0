import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type OnTestFinishedHandler } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../fakes/fake-discord.js";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.js";
import { isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";
import { freePort, freePortRun, getUntil } from "../helpers/free-port.js";

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

interface Started {
  /** The monitoring port: VSBOT_METRICS_PORT. */
  readonly port: number;
  /** What the process has written to stderr so far, for a failure's message. */
  readonly output: string[];
}

/**
 * Starts `vsbot <args>` with monitoring on a free port (or on `port`), stopped when the test
 * that started it ends.
 */
async function startVsbot(
  onTestFinished: (stop: OnTestFinishedHandler) => void,
  args: readonly string[],
  env: Record<string, string>,
  port?: number,
): Promise<Started> {
  const metricsPort = port ?? (await freePort());
  const child = spawn(process.execPath, [VSBOT_BIN, ...args], {
    cwd: mkdtempSync(join(tmpdir(), "vsbot-mode-")),
    env: isolatedEnv({
      VSBOT_STORE_URL: "memory://",
      VSBOT_LOG_LEVEL: "warn",
      VSBOT_METRICS_PORT: String(metricsPort),
      ...env,
    }),
    stdio: ["pipe", "ignore", "pipe"],
  });
  const output: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  onTestFinished(() => {
    child.kill("SIGTERM");
  });
  return { port: metricsPort, output };
}

/** /healthz answers, /readyz turns 200 once connected, /metrics has vsbot's series. */
async function expectMonitored(port: number, output: readonly string[]): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const says = () => `port ${port}; the bot wrote: ${output.join("").slice(-2000)}`;
  expect((await getUntil(`${base}/healthz`, (status) => status === 200)).status, says()).toBe(200);
  const ready = await getUntil(`${base}/readyz`, (status) => status === 200, 30_000);
  expect(ready.status, says()).toBe(200);
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
    const { port, output } = await startVsbot(onTestFinished, ["discord"], discordEnv());
    await expectMonitored(port, output);
  }, 40_000);

  it("serves them from the Discord HTTP endpoint", async ({ onTestFinished }) => {
    const env = { ...discordEnv(), DISCORD_PUBLIC_KEY: PUBLIC_KEY };
    const { port, output } = await startVsbot(
      onTestFinished,
      ["discord", "--http", "--port", "0"],
      env,
    );
    await expectMonitored(port, output);
  }, 40_000);

  it("serves them from Slack in Socket Mode and over HTTP", async ({ onTestFinished }) => {
    const base = { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl };
    const bots = await Promise.all([
      startVsbot(onTestFinished, ["slack"], { ...base, SLACK_APP_TOKEN: slack.appToken }),
      startVsbot(onTestFinished, ["slack", "--port", "0"], {
        ...base,
        SLACK_SIGNING_SECRET: "secret",
      }),
    ]);
    await Promise.all(bots.map(({ port, output }) => expectMonitored(port, output)));
  }, 60_000);

  it("serves them from the shard manager and from each shard on the ports after it", async ({
    onTestFinished,
  }) => {
    // The manager on the first port, shards 0 and 1 on the two after it.
    const { port, output } = await startVsbot(
      onTestFinished,
      ["discord", "--shards", "2"],
      discordEnv(),
      await freePortRun(3),
    );
    await Promise.all([port, port + 1, port + 2].map((each) => expectMonitored(each, output)));
  }, 60_000);
});
