import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CommandLoadError, loadCommands } from "../../src/command-kit/loader.js";

// Folders live beside this test so their files resolve "zod" and our modules as commands do.
const HERE = fileURLToPath(new URL(".", import.meta.url));
const DEFINITION = "../../../src/command-kit/definition.ts";
const ZOD = "zod";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function commandsFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(HERE, "tmp-"));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const goodCommand = (name: string) => `
import { z } from ${JSON.stringify(ZOD)};
import { defineSampleCommand } from ${JSON.stringify(DEFINITION)};
export default defineSampleCommand({
  name: ${JSON.stringify(name)},
  description: "A test command",
  options: z.object({ topic: z.string().max(10).optional().describe("A topic") }),
  task: () => ({ task: "t", instruction: "i", subject: "", method: "vs-standard", k: 5, tau: 0.1, wording: "explicit" }),
  reply: { layout: "single", show: () => 1, moreLabel: "More" },
});
`;

async function loadError(folder: string): Promise<string> {
  const error = await loadCommands(folder).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CommandLoadError);
  return (error as Error).message;
}

describe("loadCommands", () => {
  it("loads every command file of the project", async () => {
    const names = (await loadCommands()).map((command) => command.name).sort();
    expect(names).toEqual(["ask", "brainstorm", "joke", "persona", "pick", "poem", "story", "vs"]);
  });

  it("names the file with no default export and loads nothing", async () => {
    const folder = commandsFolder({
      "good.mjs": goodCommand("good"),
      "empty.mjs": "export const nothing = 1;\n",
    });
    expect(await loadError(folder)).toMatch(/empty\.mjs: has no default export/);
  });

  it("names a file whose definition is invalid, with every problem", async () => {
    const bad = goodCommand("Bad Name")
      .replace('"A test command"', '""')
      .replace('.describe("A topic")', "");
    const message = await loadError(commandsFolder({ "bad.mjs": bad }));
    expect(message).toMatch(/bad\.mjs: name must be lowercase/);
    expect(message).toMatch(/bad\.mjs: description must be 1-100 characters/);
    expect(message).toMatch(/bad\.mjs: options: option "topic" needs a description/);
  });

  it("names a file that fails to load", async () => {
    const message = await loadError(commandsFolder({ "broken.mjs": "export default {;\n" }));
    expect(message).toMatch(/broken\.mjs: failed to load/);
  });

  it("refuses two files defining the same command", async () => {
    const message = await loadError(
      commandsFolder({ "a.mjs": goodCommand("same"), "b.mjs": goodCommand("same") }),
    );
    expect(message).toMatch(/b\.mjs: another file already defines \/same/);
  });
});
