import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../../src/command-kit/loader.js";

const manifest = await readFile(new URL("../../../slack-manifest.yml", import.meta.url), "utf8");

function listUnder(key: string): string[] {
  const start = manifest.indexOf(`${key}:`);
  const lines = manifest.slice(start).split("\n").slice(1);
  const items: string[] = [];
  for (const line of lines) {
    if (/^\s*#/.test(line)) continue;
    const item = /^\s+- ([\w:.]+)\s*$/.exec(line);
    if (!item) break;
    items.push(item[1] ?? "");
  }
  return items;
}

describe("slack-manifest.yml", () => {
  it("declares a slash command for every command in commands/, and no other", async () => {
    const commands = (await loadCommands()).map((command) => `/${command.name}`).sort();
    const declared = [...manifest.matchAll(/^\s+- command: (\/[\w-]+)\s*$/gm)]
      .map((match) => match[1])
      .sort();
    expect(declared).toEqual(commands);
  });

  it("asks for the scopes and events the adapter uses, with interactivity on", () => {
    expect(listUnder("bot").sort()).toEqual(
      [
        "app_mentions:read",
        "assistant:write",
        "channels:history",
        "chat:write",
        "chat:write.public",
        "chat:write.customize",
        "files:read",
        "files:write",
        "commands",
        "groups:history",
        "im:history",
        "mpim:history",
        "users:read",
      ].sort(),
    );
    expect(listUnder("bot_events").sort()).toEqual([
      "app_mention",
      "assistant_thread_context_changed",
      "assistant_thread_started",
      "message.channels",
      "message.groups",
      "message.im",
      "message.mpim",
    ]);
    // The assistant pane and the Messages tab (DMs) are switched on.
    expect(manifest).toMatch(/assistant_view:\n\s+assistant_description: \S/);
    expect(manifest).toMatch(
      /messages_tab_enabled: true\n\s+messages_tab_read_only_enabled: false/,
    );
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });
});
