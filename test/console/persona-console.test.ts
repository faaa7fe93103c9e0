import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { runInteractiveConsole } from "../../src/platforms/console/interactive-console.js";
import { runJsonConsole } from "../../src/platforms/console/json-console.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import { json, odalysV2 } from "../app/personas/card-fixtures.js";

/** Types lines into the interactive console on the offline demo model; returns all it printed. */
async function session(runtime: Runtime, lines: readonly string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const done = runInteractiveConsole(runtime, input, output);
  for (const line of lines) input.write(`${line}\n`);
  input.end("/quit\n");
  await done;
  return printed;
}

describe("personas in the console", () => {
  let runtime: Runtime;
  let folder: string;

  beforeEach(async () => {
    runtime = await createRuntime(
      loadConfig({ VSBOT_STORE_URL: "memory://", VSBOT_LOG_LEVEL: "silent" }),
    );
    folder = await mkdtemp(join(tmpdir(), "vsbot-cards-"));
  });

  afterEach(async () => {
    await runtime.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("imports a card from a path, swipes its greetings with m and <, and exports it", async () => {
    const path = join(folder, "odalys.json");
    await writeFile(path, json(odalysV2()));
    const printed = await session(runtime, [
      `/persona import ${path}`,
      "m",
      "<",
      "/persona export",
    ]);
    expect(printed).toContain("**Captain Odalys Venn** is here");
    expect(printed).toContain("Welcome aboard the Kestrel, You. Mind the ropes.");
    expect(printed).toContain("[<] ◀   [m] ▶");
    expect(printed).toContain("Storm's coming, You. Grab the storm glass.");
    expect(printed.split("Welcome aboard the Kestrel, You.").length - 1).toBe(2);
    expect(printed).toContain("--- Captain_Odalys_Venn.json ---");
    expect(printed).toContain('"spec": "chara_card_v2"');
  });

  it("answers in character on the demo model, and m swipes to another reply from the same call", async () => {
    const path = join(folder, "odalys.json");
    await writeFile(path, json(odalysV2()));
    const printed = await session(runtime, [
      `/persona import ${path}`,
      "Where are we headed?",
      "m",
    ]);
    const replies = [...printed.matchAll(/^(.*)\n.*\b([12])\/(\d+)\b/gm)].map((match) => match[1]);
    expect(printed).toContain("1/1 · ▶ for another");
    expect(printed).toMatch(/\b2\/2\b/);
    expect(new Set(replies.slice(-2)).size).toBe(2);
  });

  it("imports a card in the JSON console, the card option being a path", async () => {
    const path = join(folder, "odalys.json");
    await writeFile(path, json(odalysV2()));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    const done = runJsonConsole(runtime, input, output);
    input.end(
      `${JSON.stringify({ type: "command", user: "u1", channel: "c1", name: "persona", subcommand: "import", options: { card: path } })}\n`,
    );
    await done;
    const lines = printed
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { text?: string });
    expect(lines.map((line) => line.text)).toEqual([
      expect.stringContaining("**Captain Odalys Venn** is here"),
      expect.stringContaining("Welcome aboard the Kestrel, u1. Mind the ropes."),
    ]);
  });

  it("says so when the card's path cannot be read", async () => {
    const printed = await session(runtime, [`/persona import ${join(folder, "missing.json")}`]);
    expect(printed).toContain("no such file");
  });
});
