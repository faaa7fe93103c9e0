// Compiles src/ and commands/ into dist/ with tsc, from a clean dist/ so that a deleted source
// file never lingers as a stale command. `npm ci` runs this with --if-compiler (the `prepare`
// script): a production install (`npm ci --omit=dev`) has no compiler and ships a dist/ built
// beforehand, so there it says so and stops.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let compiler;
try {
  compiler = require.resolve("typescript/bin/tsc");
} catch {
  if (process.argv.includes("--if-compiler")) {
    console.log(
      "vsbot: no TypeScript compiler (production install); using the dist/ built before.",
    );
    process.exit(0);
  }
  console.error("vsbot: the build needs the dev dependencies: run `npm ci` first.");
  process.exit(1);
}
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const result = spawnSync(process.execPath, [compiler, "-p", "tsconfig.build.json"], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
