// Builds dist/ from src/ and commands/ with esbuild, from a clean dist/ so that a deleted
// source file never lingers as a stale command. `npm ci` runs this with --if-compiler (the
// `prepare` script): a production install (`npm ci --omit=dev`) has no esbuild and ships a
// dist/ built beforehand, so there it says so and stops.
//
// The CLI, each command file and the two modules the cross-process store tests start in child
// processes are entry points; esbuild bundles them with their dependencies, the shared code
// split into chunks, and each subcommand's own code (discord.js for `discord`, Bolt for
// `slack`) into a chunk loaded only when it runs. One file per module graph instead of
// several hundred: Node 20 spends most of a start resolving, reading and compiling module
// files (0.75 s of CPU for `vsbot console` from per-file output, most of it there), and a
// bundle spares nearly all of it. The type check is `npm run typecheck`, which CI runs.
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  if (process.argv.includes("--if-compiler")) {
    console.log("vsbot: no esbuild (production install); using the dist/ built before.");
    process.exit(0);
  }
  console.error("vsbot: the build needs the dev dependencies: run `npm ci` first.");
  process.exit(1);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(root, "dist");
const commands = readdirSync(join(root, "commands"))
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
  .map((file) => `commands/${file}`);

rmSync(outdir, { recursive: true, force: true });
try {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["src/cli.ts", "src/store/create-store.ts", "src/logger.ts", ...commands],
    outbase: ".",
    outdir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // A native addon: it loads its compiled binding from its own folder in node_modules.
    external: ["better-sqlite3"],
    // Bundled CommonJS dependencies call require() for Node's built-ins, which an ES module
    // lacks: every output file gets one of its own.
    banner: {
      js: 'import { createRequire as __vsbotCreateRequire } from "node:module";\nconst require = __vsbotCreateRequire(import.meta.url);',
    },
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
  });
  process.exit(result.errors.length > 0 ? 1 : 0);
} catch {
  // esbuild has printed each error with its file and line.
  process.exit(1);
}
