import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CommandDefinition } from "../../../src/command-kit/definition.js";
import { loadCommands } from "../../../src/command-kit/loader.js";
import { type Config, ConfigError, loadConfig } from "../../../src/config/index.js";
import { silentLogger } from "../../../src/logger.js";
import { registerDiscordCommands } from "../../../src/platforms/discord/index.js";
import { type FakeDiscord, startFakeDiscord } from "../../fakes/fake-discord.js";

const TOKEN = "register-test-token";
let discord: FakeDiscord;
let config: Config;
let commands: CommandDefinition[];

beforeAll(async () => {
  discord = await startFakeDiscord({ token: TOKEN });
  config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
  });
  commands = await loadCommands();
});

afterAll(async () => {
  await discord?.close();
});

beforeEach(() => discord.reset());

// biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
type Payload = any[];

function byName(payload: Payload, name: string) {
  return payload.find((command) => command.name === name);
}

describe("vsbot register", () => {
  it("bulk-overwrites every command globally, with options built from the definitions", async () => {
    const result = await registerDiscordCommands(config, commands, {}, silentLogger);
    expect(result).toEqual({ registered: commands.length, scope: "global" });
    expect(discord.requests).toHaveLength(1);
    const [request] = discord.requests;
    expect(request?.method).toBe("PUT");
    expect(request?.path).toBe(`/applications/${discord.applicationId}/commands`);
    expect(request?.headers.authorization).toBe(`Bot ${TOKEN}`);
    const payload: Payload = request?.body;
    expect(payload.map((command) => command.name).sort()).toEqual(
      commands.map((command) => command.name).sort(),
    );
    for (const command of payload) {
      expect(command.type).toBe(1);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
    }
    expect(byName(payload, "joke").options).toEqual([
      {
        type: 3,
        name: "topic",
        description: "What the joke is about",
        required: false,
        max_length: 200,
      },
    ]);
    expect(byName(payload, "brainstorm").options).toEqual([
      {
        type: 3,
        name: "topic",
        description: "What to brainstorm about",
        required: true,
        max_length: 300,
      },
      {
        type: 4,
        name: "count",
        description: "Ideas per message (1-10)",
        required: false,
        min_value: 1,
        max_value: 10,
      },
    ]);
  });

  it("registers persona and vs as subcommands, required options first, with choices and bounds", async () => {
    await registerDiscordCommands(config, commands, {}, silentLogger);
    const payload: Payload = discord.requests[0]?.body;
    const persona = byName(payload, "persona");
    expect(
      persona.options.map((option: { name: string; type: number }) => [option.name, option.type]),
    ).toEqual([
      ["start", 1],
      ["import", 1],
      ["export", 1],
      ["end", 1],
      ["show", 1],
      ["memory", 1],
      ["forget", 1],
      ["reset", 1],
      ["talkativeness", 1],
      ["scene", 1],
    ]);
    const start = persona.options[0];
    // The card is an attachment option (type 11), required.
    expect(persona.options[1].options[0]).toMatchObject({ name: "card", type: 11, required: true });
    expect(
      start.options.map((option: { name: string; required: boolean }) => [
        option.name,
        option.required,
      ]),
    ).toEqual([
      ["description", true],
      ["name", false],
    ]);
    const settings = byName(payload, "vs").options[0];
    expect(settings).toMatchObject({ type: 1, name: "settings" });
    const options = Object.fromEntries(
      settings.options.map((option: { name: string }) => [option.name, option]),
    );
    expect(options.k).toMatchObject({ type: 4, min_value: 1, max_value: 20 });
    expect(options.tau).toMatchObject({ type: 10, min_value: 0, max_value: 1 });
    expect(options.reset).toMatchObject({ type: 5 });
    expect(options.scope.choices).toEqual([
      { name: "channel", value: "channel" },
      { name: "server", value: "server" },
    ]);
    expect(options.method.choices.map((choice: { value: string }) => choice.value)).toContain(
      "vs-standard",
    );
  });

  it("registers in one guild with --guild, and sends the same payload when run twice", async () => {
    const guild = "400000000000000001";
    const first = await registerDiscordCommands(config, commands, { guild }, silentLogger);
    const second = await registerDiscordCommands(config, commands, { guild }, silentLogger);
    expect(first).toEqual({ registered: commands.length, scope: `guild ${guild}` });
    expect(second).toEqual(first);
    const [one, two] = discord.requests;
    expect(one?.path).toBe(`/applications/${discord.applicationId}/guilds/${guild}/commands`);
    expect(two?.method).toBe("PUT");
    expect(two?.body).toEqual(one?.body);
  });

  it("names the missing variables instead of calling Discord", async () => {
    const bare = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE_URL: discord.apiBaseUrl });
    await expect(registerDiscordCommands(bare, commands, {}, silentLogger)).rejects.toThrow(
      /DISCORD_APPLICATION_ID is not set/,
    );
    await expect(
      registerDiscordCommands(config, commands, { guild: "my-server" }, silentLogger),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(discord.requests).toEqual([]);
  });
});
