import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line)
 * and prints what each reports. Targets are printed beside the figures; nothing here is a test.
 */
const directory = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(directory))
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();

for (const file of files) {
  const module = (await import(pathToFileURL(`${directory}/${file}`).href)) as {
    run: (print: (line: string) => void) => Promise<void>;
  };
  process.stdout.write(`\n== ${file.replace(/\.bench\.ts$/, "")} ==\n`);
  await module.run((line) => process.stdout.write(`${line}\n`));
}
