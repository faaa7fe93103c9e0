import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, VARIABLE_NAMES } from "../src/config/index.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("runs the offline demo model with the documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.model.kind).toBe("demo");
    expect(config.sampling).toMatchObject({
      method: "vs-standard",
      k: 5,
      tau: 0.1,
      wording: "explicit",
      duplicateThreshold: 0.7,
    });
    expect(config.store.url).toBe("sqlite://./data/vsbot.sqlite");
    expect(config.store.namespace).toBe("vsbot");
    expect(config.store.tailTtlMs).toBe(24 * 3_600_000);
    expect(config.store.personaTtlMs).toBe(7 * 86_400_000);
    expect(config.discord).toBeNull();
    expect(config.slack).toBeNull();
  });

  it("uses an OpenAI-compatible server when only a base URL is given", () => {
    const config = loadConfig({
      OPENAI_BASE_URL: "http://localhost:11434/v1",
      VSBOT_MODEL: "llama3.2",
    });
    expect(config.model).toMatchObject({
      kind: "openai",
      baseURL: "http://localhost:11434/v1",
      model: "llama3.2",
    });
  });

  it("treats blank and whitespace values as unset and trims the rest", () => {
    const config = loadConfig({ OPENAI_API_KEY: "   ", VSBOT_K: " 7 ", VSBOT_TAU: "" });
    expect(config.model.kind).toBe("demo");
    expect(config.sampling.k).toBe(7);
    expect(config.sampling.tau).toBe(0.1);
  });

  it("reads durations with units, and none for no expiry", () => {
    const config = loadConfig({
      VSBOT_MODEL_TIMEOUT: "1500ms",
      VSBOT_TAIL_TTL: "none",
      VSBOT_PERSONA_TTL: "2h",
    });
    expect(config.model.kind === "demo").toBe(true);
    expect(config.store.tailTtlMs).toBeUndefined();
    expect(config.store.personaTtlMs).toBe(7_200_000);
  });

  it.each([
    ["VSBOT_K", "0"],
    ["VSBOT_K", "many"],
    ["VSBOT_TAU", "1.5"],
    ["VSBOT_TAU", "0"],
    ["VSBOT_DUPLICATE_THRESHOLD", "1.5"],
    ["VSBOT_DUPLICATE_THRESHOLD", "0"],
    ["VSBOT_METHOD", "vs-magic"],
    ["OPENAI_BASE_URL", "localhost:11434"],
    ["VSBOT_STORE_URL", "postgres://db"],
    ["VSBOT_STORE_NAMESPACE", "two words"],
    ["VSBOT_TAIL_TTL", "soon"],
    ["DISCORD_PUBLIC_KEY", "xyz"],
    ["PORT", "70000"],
  ])("rejects %s=%s with a message naming the variable and the fix", (name, value) => {
    const [problem] = problemsOf({ [name]: value });
    expect(problem).toContain(name);
    expect(problem).toContain(`got ${JSON.stringify(value)}`);
    expect(problem).toMatch(/Fix: set/);
  });

  it("lists every bad variable at once", () => {
    expect(problemsOf({ VSBOT_K: "0", VSBOT_TAU: "2" })).toHaveLength(2);
  });

  it("asks for a way to receive Slack events when only the bot token is set", () => {
    const [problem] = problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(problem).toMatch(/SLACK_APP_TOKEN/);
    expect(problem).toMatch(/SLACK_SIGNING_SECRET/);
  });
});

describe("documentation of the configuration", () => {
  const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

  it.each(VARIABLE_NAMES)("documents %s in .env.example and the README", (name) => {
    expect(example).toMatch(new RegExp(`^${name}=`, "m"));
    expect(readme).toContain(`\`${name}\``);
  });
});

describe("secretsOf", () => {
  it("lists every credential in the config, the store password included", async () => {
    const { secretsOf } = await import("../src/runtime/runtime.js");
    const config = loadConfig({
      OPENAI_API_KEY: "sk-one",
      DISCORD_TOKEN: "discord-two",
      SLACK_BOT_TOKEN: "xoxb-three",
      SLACK_SIGNING_SECRET: "signing-four",
      SLACK_APP_TOKEN: "xapp-five",
      VSBOT_STORE_URL: "redis://user:p%40ss-six@127.0.0.1:6379",
    });
    expect(secretsOf(config).filter(Boolean).sort()).toEqual(
      ["discord-two", "p@ss-six", "signing-four", "sk-one", "xapp-five", "xoxb-three"].sort(),
    );
  });
});
