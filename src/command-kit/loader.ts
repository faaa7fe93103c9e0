import { readdir } from "node:fs/promises";
import { join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { PACKAGE_ROOT } from "../runtime/package-root.js";
import type { CommandDefinition, OptionsSchema } from "./definition.js";
import { describeOptions } from "./option-info.js";

/**
 * The project's commands/ folder, one platform-neutral file per command: the sources under
 * tsx and vitest, their built copies in dist/commands/ when this runs from the build (whose
 * bundled chunks sit at no fixed depth below dist/).
 */
export const COMMANDS_DIRECTORY = fileURLToPath(import.meta.url).startsWith(
  join(PACKAGE_ROOT, "dist") + sep,
)
  ? join(PACKAGE_ROOT, "dist", "commands")
  : join(PACKAGE_ROOT, "commands");

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const KINDS = new Set(["sample", "persona", "settings"]);
const LAYOUTS = new Set(["single", "list", "pick"]);

export class CommandLoadError extends Error {
  override readonly name = "CommandLoadError";
}

function checkOptions(file: string, where: string, schema: unknown): string[] {
  if (!(schema instanceof z.ZodObject)) return [`${where}: options must be a zod object schema`];
  const problems: string[] = [];
  for (const option of describeOptions(schema as OptionsSchema)) {
    if (!NAME.test(option.name))
      problems.push(`${where}: option name "${option.name}" is not lowercase a-z0-9_- (1-32)`);
    if (option.description.length < 1 || option.description.length > 100) {
      problems.push(
        `${where}: option "${option.name}" needs a description of 1-100 characters (use .describe())`,
      );
    }
  }
  return problems.map((problem) => `${file}: ${problem}`);
}

/** Every problem with one loaded module; empty when it is a valid command definition. */
export function validateCommand(file: string, value: unknown): string[] {
  if (typeof value !== "object" || value === null) {
    return [`${file}: has no default export of a command definition`];
  }
  const command = value as Partial<CommandDefinition> & Record<string, unknown>;
  const problems: string[] = [];
  if (typeof command.name !== "string" || !NAME.test(command.name)) {
    problems.push(`${file}: name must be lowercase a-z0-9_- and 1-32 characters`);
  }
  if (
    typeof command.description !== "string" ||
    command.description.length < 1 ||
    command.description.length > 100
  ) {
    problems.push(`${file}: description must be 1-100 characters`);
  }
  if (typeof command.kind !== "string" || !KINDS.has(command.kind)) {
    problems.push(`${file}: kind must be one of ${[...KINDS].join(", ")}`);
    return problems;
  }
  if (command.kind === "sample") {
    problems.push(...checkOptions(file, "options", command.options));
    if (typeof command.task !== "function") problems.push(`${file}: task must be a function`);
    const reply = command.reply as
      | { layout?: unknown; show?: unknown; moreLabel?: unknown }
      | undefined;
    if (!reply || !LAYOUTS.has(String(reply.layout)) || typeof reply.show !== "function") {
      problems.push(
        `${file}: reply needs a layout ("single", "list" or "pick") and a show function`,
      );
    }
  } else {
    const subcommands = command.subcommands as
      | Record<string, { description?: unknown; options?: unknown }>
      | undefined;
    if (!subcommands || Object.keys(subcommands).length === 0) {
      problems.push(`${file}: subcommands are required for kind "${command.kind}"`);
    }
    for (const [name, subcommand] of Object.entries(subcommands ?? {})) {
      if (!NAME.test(name)) problems.push(`${file}: subcommand name "${name}" is not valid`);
      if (typeof subcommand.description !== "string" || subcommand.description.length > 100) {
        problems.push(
          `${file}: subcommand "${name}" needs a description of at most 100 characters`,
        );
      }
      problems.push(...checkOptions(file, `subcommand "${name}"`, subcommand.options));
    }
    if (command.kind === "persona" && typeof command.turn !== "function") {
      problems.push(`${file}: a persona command needs a turn function`);
    }
  }
  return problems;
}

/**
 * Loads and validates every command file. Any bad file stops the load with an error naming
 * it; none is skipped.
 */
export async function loadCommands(directory = COMMANDS_DIRECTORY): Promise<CommandDefinition[]> {
  const files = (await readdir(directory))
    .filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith(".d.ts"))
    .sort();
  const commands: CommandDefinition[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let loaded: unknown;
    try {
      loaded = ((await import(pathToFileURL(`${directory}/${file}`).href)) as { default?: unknown })
        .default;
    } catch (error) {
      problems.push(
        `${file}: failed to load: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const found = validateCommand(file, loaded);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const command = loaded as CommandDefinition;
    if (commands.some((existing) => existing.name === command.name)) {
      problems.push(`${file}: another file already defines /${command.name}`);
      continue;
    }
    commands.push(command);
  }
  if (problems.length > 0) {
    throw new CommandLoadError(
      `Invalid command files in ${directory}:\n  - ${problems.join("\n  - ")}`,
    );
  }
  if (commands.length === 0) throw new CommandLoadError(`No command files found in ${directory}`);
  return commands;
}
