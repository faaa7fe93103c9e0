// Compiles src/ and commands/ into dist/ with the TypeScript emitter, from a clean dist/ so that
// a deleted source file never lingers as a stale command. `npm ci` runs this with --if-compiler
// (the `prepare` script): a production install (`npm ci --omit=dev`) has no compiler and ships a
// dist/ built beforehand, so there it says so and stops.
//
// Each file is emitted on its own (ts.transpileModule), which `isolatedModules` guarantees is
// the same JavaScript a whole-program build gives, in a fraction of the time: the type check is
// `npm run typecheck`, which CI runs, so the build does not check a second time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
let ts;
try {
  ts = require("typescript");
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

const root = fileURLToPath(new URL("..", import.meta.url));
const parsed = ts.getParsedCommandLineOfConfigFile(
  join(root, "tsconfig.build.json"),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: reportAndExit },
);
if (!parsed) process.exit(1);
if (parsed.errors.length > 0) reportAndExit(parsed.errors[0]);
// Every source is an ES module (package.json says "type": "module"), which NodeNext would emit
// as ESNext does; one file at a time, the emitter cannot look that up, so it is told.
const options = {
  ...parsed.options,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
};
const outDir = options.outDir ?? join(root, "dist");
const rootDir = options.rootDir ?? root;

function reportAndExit(diagnostic) {
  console.error(`vsbot build: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
let failed = false;
for (const source of parsed.fileNames) {
  if (source.endsWith(".d.ts")) continue;
  const output = join(outDir, relative(rootDir, source)).replace(/\.(m|c)?ts$/, ".$1js");
  const result = ts.transpileModule(readFileSync(source, "utf8"), {
    compilerOptions: options,
    fileName: source,
    reportDiagnostics: true,
  });
  for (const diagnostic of result.diagnostics ?? []) {
    failed = true;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    console.error(`${relative(root, source)}: ${message}`);
  }
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, result.outputText);
  if (result.sourceMapText) {
    // The emitter names the source by its bare file name; point the map at it from dist/.
    const map = JSON.parse(result.sourceMapText);
    map.file = basename(output);
    map.sources = [relative(dirname(output), source).split("\\").join("/")];
    writeFileSync(`${output}.map`, JSON.stringify(map));
  }
}
process.exit(failed ? 1 : 0);
