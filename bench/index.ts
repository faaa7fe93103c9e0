import { writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchRun } from "./figures.js";
import { allMet, type ModuleResult, renderTable } from "./report.js";

/**
 * `npm run bench [-- name...] [--json [file]]`: runs every bench/*.bench.ts in turn (or those
 * whose names contain a given word), then prints one table of every figure with its target
 * and whether it was met. `--json results.json` also writes the figures to that file; a bare
 * `--json` writes them to stdout and the table to stderr. Exits 1 when a target is missed or a module fails.
 */
const argv = process.argv.slice(2);
const jsonAt = argv.indexOf("--json");
const fileAfterJson = jsonAt !== -1 && argv[jsonAt + 1]?.endsWith(".json") === true;
const jsonPath = jsonAt === -1 ? undefined : fileAfterJson ? argv[jsonAt + 1] : "-";
const named = argv.filter(
  (argument, index) => argument !== "--json" && !(fileAfterJson && index === jsonAt + 1),
);
const jsonToStdout = jsonPath === "-";
const print = (line: string) => (jsonToStdout ? process.stderr : process.stdout).write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const directory = fileURLToPath(new URL(".", import.meta.url));
const files = (await readdir(directory))
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => named.length === 0 || named.some((name) => file.includes(name)))
  .sort();

const startedAt = new Date();
const load = loadavg().map((value) => value.toFixed(2));
log(`Machine: ${cpus().length} CPUs, load average ${load.join(" ")}, Node ${process.version}`);
const results: ModuleResult[] = [];
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, "");
  log(`\n== ${bench} ==`);
  const started = performance.now();
  try {
    const module = (await import(pathToFileURL(`${directory}/${file}`).href)) as {
      run: BenchRun;
    };
    const figures = await module.run({ log: (line) => log(`  ${line}`) });
    results.push({ bench, figures, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  failed: ${message}`);
    results.push({
      bench,
      figures: [],
      seconds: (performance.now() - started) / 1000,
      error: message.split("\n")[0] ?? message,
    });
  }
  log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

print("");
for (const line of renderTable(results)) print(line);
const totalSeconds = results.reduce((sum, result) => sum + result.seconds, 0);
print(`Ran in ${totalSeconds.toFixed(0)} s.`);

if (jsonPath !== undefined) {
  const document = {
    startedAt: startedAt.toISOString(),
    machine: { cpus: cpus().length, loadAverage: loadavg(), node: process.version },
    seconds: totalSeconds,
    allMet: allMet(results),
    results: results.map((result) => ({
      bench: result.bench,
      seconds: result.seconds,
      ...(result.error ? { error: result.error } : {}),
      figures: result.figures,
    })),
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (jsonToStdout) process.stdout.write(text);
  else writeFileSync(jsonPath, text);
}
process.exitCode = allMet(results) ? 0 : 1;
