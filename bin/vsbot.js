#!/usr/bin/env node
// Runs the compiled CLI in dist/, which `npm run build` makes (`npm ci` runs it through
// `prepare`). For development straight from the TypeScript sources: `npm run dev -- ...`.
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "vsbot: the compiled code in dist/ is missing. Run `npm run build` (npm ci runs it).\n",
  );
  process.exit(1);
}
await import(entry.href);
