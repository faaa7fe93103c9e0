import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding vsbot's package.json. The same code runs from src/ (tests, tsx) and
 * from dist/src/ (the built CLI), so paths are found by walking up, never by a fixed depth.
 */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, "package.json"))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    readonly version: string;
  };
  return manifest.version;
}

/** The CLI entry, for child processes (Discord shards) that must run what this process runs. */
export const CLI_ENTRY = join(PACKAGE_ROOT, "bin", "vsbot.js");
