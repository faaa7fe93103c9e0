import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctorCommand } from "../../src/cli/doctor.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/fake-discord.js";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.js";
import { ConsoleProcess, isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";
import { OutputCapture } from "../helpers/output-capture.js";

const SERVED = ["llama3.2:latest", "qwen2.5:7b"];

let model: FakeOpenAI;
let discord: FakeDiscord;
let slack: FakeSlack;

beforeAll(async () => {
  model = await startFakeOpenAI({ models: SERVED });
  discord = await startFakeDiscord({ token: "good-token" });
  slack = await startFakeSlack();
});

afterAll(async () => {
  await model?.close();
  await discord?.close();
  await slack?.close();
});

interface Run {
  readonly code: number | null;
  readonly output: string;
}

const doctorEnv = (env: Record<string, string>) =>
  isolatedEnv({
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "sk-test",
    VSBOT_STORE_URL: "memory://",
    ...env,
  });

/** `vsbot doctor` as a child process, in a folder with no .env; its stdout and exit code. */
function doctorProcess(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [VSBOT_BIN, "doctor"], {
    cwd: mkdtempSync(join(tmpdir(), "vsbot-doctor-")),
    env: doctorEnv(env),
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

/** The same checks in-process: the code the compiled CLI runs, on `env` alone. */
async function doctor(env: Record<string, string>): Promise<Run> {
  const stdout = new OutputCapture();
  const code = await doctorCommand({ env: doctorEnv(env), readDotEnv: false, stdout });
  return { code, output: stdout.text };
}

const healthyEnv = () => ({
  VSBOT_MODEL: "llama3.2",
  DISCORD_TOKEN: "good-token",
  DISCORD_API_BASE_URL: discord.apiBaseUrl,
  DISCORD_APPLICATION_ID: discord.applicationId,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_APP_TOKEN: slack.appToken,
  SLACK_API_URL: slack.apiUrl,
});

describe("vsbot doctor", () => {
  it("names a model the server does not serve, with the models it does serve, and exits 1", async () => {
    const { code, output } = await doctor({ VSBOT_MODEL: "mistral" });
    expect(code).toBe(1);
    const line = output.split("\n").find((row) => row.startsWith("[fail] model:"));
    expect(line).toContain("mistral");
    expect(line).toContain("llama3.2:latest, qwen2.5:7b");
    expect(line).toContain("Fix: set VSBOT_MODEL");
  }, 20_000);

  it("passes every check, one line each, and exits 0 when all is well", async () => {
    const { code, output } = await doctor(healthyEnv());
    expect(output).not.toContain("[fail]");
    for (const check of [
      "configuration",
      "model",
      "store",
      "discord token",
      "slack bot token",
      "slack app token",
    ]) {
      expect(output).toMatch(new RegExp(`^\\[ok\\] ${check}:`, "m"));
    }
    expect(code).toBe(0);
  }, 20_000);

  it("fails refused platform tokens and a bad configuration with their fixes", async () => {
    const tokens = await doctor({
      VSBOT_MODEL: "qwen2.5:7b",
      DISCORD_TOKEN: "wrong-token",
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      SLACK_BOT_TOKEN: "xoxb-wrong",
      SLACK_SIGNING_SECRET: "secret",
      SLACK_API_URL: slack.apiUrl,
    });
    expect(tokens.code).toBe(1);
    expect(tokens.output).toMatch(/^\[fail\] discord token: .*401.*Fix: /m);
    expect(tokens.output).toMatch(/^\[fail\] slack bot token: .*invalid_auth.*Fix: /m);
    const config = await doctor({ VSBOT_K: "99" });
    expect(config.code).toBe(1);
    expect(config.output).toMatch(/^\[fail\] configuration: VSBOT_K .*Fix: set VSBOT_K=/m);
  }, 20_000);

  it("prints from the compiled CLI exactly what the in-process checks give, and exits 0", async () => {
    const spawned = await doctorProcess(healthyEnv());
    expect(spawned).toEqual(await doctor(healthyEnv()));
    expect(spawned.code).toBe(0);
    expect(spawned.output).toMatch(/^\[ok\] configuration: valid\.$/m);
    expect(spawned.output).toMatch(/^All checks passed\.$/m);
  }, 20_000);
});

describe("the start-up model check", () => {
  it("says at start, before any command, that the server lacks the model", async () => {
    const vsbot = new ConsoleProcess({
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "sk-test",
      VSBOT_MODEL: "mistral",
      VSBOT_STORE_URL: "memory://",
    });
    try {
      const deadline = Date.now() + 15_000;
      while (
        !vsbot.logs().some((line) => line.event === "model.not_served") &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const line = vsbot.logs().find((entry) => entry.event === "model.not_served");
      expect(line).toMatchObject({ missing: ["mistral"], served: SERVED });
      expect(String(line?.problem)).toContain("Fix: set VSBOT_MODEL");
      expect(model.requests).toHaveLength(0);
    } finally {
      vsbot.child.kill();
    }
  }, 20_000);
});
