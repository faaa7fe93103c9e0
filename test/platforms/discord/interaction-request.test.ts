import { describe, expect, it } from "vitest";
import { loadCommands } from "../../../src/command-kit/loader.js";
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
    expect(
      readInteraction(autocomplete as unknown as Parameters<typeof readInteraction>[0], commands),
    ).toBeNull();
  });
});
