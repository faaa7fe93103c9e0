import { describe, expect, it } from "vitest";
import { loadCommands } from "../../../src/command-kit/loader.js";
import { checkInteraction } from "../../../src/platforms/discord/interaction-payload.js";
import { readInteraction } from "../../../src/platforms/discord/interaction-request.js";
import { canManageWith, interactionOrigin } from "../../../src/platforms/discord/origin.js";
import {
  buttonClick,
  MANAGE_PERMISSIONS,
  type PayloadContext,
  slashCommand,
} from "../../fakes/fake-discord-payloads.js";

const commands = await loadCommands();
const context: PayloadContext = {
  applicationId: "100000000000000001",
  guildId: "300000000000000001",
  channelId: "300000000000000002",
};

describe("reading interactions", () => {
  it("turns a slash command into a command with its options and origin", () => {
    const request = readInteraction(
      slashCommand({ ...context, nick: "Captain" }, "joke", { topic: "tea" }),
      commands,
    );
    expect(request).toEqual({
      ephemeral: false,
      inbound: {
        type: "command",
        name: "joke",
        options: { topic: "tea" },
        origin: {
          platform: "discord",
          user: "200000000000000001",
          userName: "Captain",
          server: context.guildId,
          channel: context.channelId,
          roles: [],
          canManage: false,
          canModerate: false,
          canManageServer: false,
        },
      },
    });
  });

  it("knows before the chat core runs which answers are private", () => {
    const ephemeral = (interaction: Parameters<typeof readInteraction>[0]) =>
      readInteraction(interaction, commands)?.ephemeral;
    expect(ephemeral(buttonClick(context, "vs:all:abc"))).toBe(true);
    expect(ephemeral(buttonClick(context, "vs:more:abc"))).toBe(false);
    expect(ephemeral(slashCommand(context, "persona", {}, "show"))).toBe(true);
    expect(ephemeral(slashCommand(context, "persona", {}, "end"))).toBe(false);
    expect(ephemeral(slashCommand(context, "vs", {}, "settings"))).toBe(true);
    expect(
      ephemeral(slashCommand(context, "vs", { scope: "server", reset: false }, "settings")),
    ).toBe(true);
    expect(ephemeral(slashCommand(context, "vs", { k: 3 }, "settings"))).toBe(false);
  });

  it("names the persona thread after the persona, or Persona", () => {
    const named = slashCommand(
      context,
      "persona",
      { description: "a baker", name: "Bea" },
      "start",
    );
    expect(readInteraction(named, commands)?.personaName).toBe("Bea");
    const unnamed = slashCommand(context, "persona", { description: "a baker" }, "start");
    expect(readInteraction(unnamed, commands)?.personaName).toBe("Persona");
    expect(readInteraction(slashCommand(context, "joke"), commands)?.personaName).toBeUndefined();
  });

  it("reads Manage Channels for channel settings and Manage Server for server settings", () => {
    const manageChannels = String(1n << 4n);
    const manageServer = String(1n << 5n);
    expect(canManageWith(manageChannels, "channel")).toBe(true);
    expect(canManageWith(manageChannels, "server")).toBe(false);
    expect(canManageWith(manageServer, "server")).toBe(true);
    expect(canManageWith(String(1n << 3n), "server")).toBe(true);
    expect(canManageWith("0", "channel")).toBe(false);
    expect(canManageWith("not a number", "channel")).toBe(false);
    const asManager = slashCommand(
      { ...context, permissions: MANAGE_PERMISSIONS },
      "vs",
      { scope: "server", k: 2 },
      "settings",
    );
    expect(readInteraction(asManager, commands)?.inbound.origin.canManage).toBe(true);
  });

  it("lets a user manage their own DM", () => {
    const inDm = {
      ...slashCommand(context, "vs", { k: 2 }, "settings"),
      guild_id: undefined,
      member: undefined,
      user: { id: "5", username: "solo", discriminator: "0", global_name: null, avatar: null },
    };
    const origin = interactionOrigin(
      inDm as unknown as Parameters<typeof interactionOrigin>[0],
      "channel",
    );
    expect(origin).toMatchObject({ user: "5", userName: "solo", canManage: true });
    expect(origin.server).toBeUndefined();
  });

  it("ignores interactions vsbot does not handle", () => {
    const autocomplete = { ...slashCommand(context, "joke"), type: 4 };
    expect(checkInteraction(autocomplete)).toEqual({ kind: "unsupported", type: 4 });
    const select = buttonClick(context, "vs:more:abc");
    const menu = checkInteraction({ ...select, data: { custom_id: "x", component_type: 3 } });
    if (menu.kind !== "interaction") throw new Error("a select menu is well formed");
    expect(readInteraction(menu.interaction, commands)).toBeNull();
  });

  it.each([
    ["a command without data", { type: 2, data: undefined }],
    ["a component without data", { type: 3, data: undefined }],
    ["an object custom_id", { data: { custom_id: { a: 1 }, component_type: 2 }, type: 3 }],
    ["options that are not a list", { data: { type: 1, name: "joke", options: "x" } }],
    ["a type that is not a number", { type: "2" }],
    ["no body at all", null],
  ])("refuses %s with a reason", (_label, change) => {
    const base = slashCommand(context, "joke");
    const body = change === null ? null : { ...base, ...change };
    const check = checkInteraction(body);
    expect(check.kind).toBe("invalid");
    if (check.kind === "invalid") expect(check.problem.length).toBeGreaterThan(0);
  });

  it("keeps __proto__ and constructor options as unknown options, not properties", () => {
    const base = slashCommand(context, "joke");
    const body = JSON.parse(
      JSON.stringify(base).replace(
        '"options":[]',
        '"options":[{"name":"__proto__","type":3,"value":"x"},{"name":"constructor","type":3,"value":"y"}]',
      ),
    );
    const check = checkInteraction(body);
    if (check.kind !== "interaction") throw new Error("well formed");
    const request = readInteraction(check.interaction, commands);
    const options = request?.inbound.type === "command" ? request.inbound.options : undefined;
    expect(Object.keys(options ?? {}).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
  });
});
