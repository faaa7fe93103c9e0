import { parseArgs } from "node:util";
import { parseCandidates, sortByProbability } from "../engine/parse/index.js";
import type { CliSubcommand } from "./subcommand.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** `vsbot parse`: the tolerant parser on one raw model reply from stdin. Needs no config. */
export const parseSubcommand: CliSubcommand = {
  name: "parse",
  usage: `  vsbot parse [--k N] [--finish-reason R] [--plain]
                             read one raw model reply on stdin, print the candidates it holds as JSON`,
  needsConfig: false,
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        k: { type: "string" },
        "finish-reason": { type: "string" },
        plain: { type: "boolean", default: false },
      },
    });
    const expected = values.k === undefined ? undefined : Number(values.k);
    if (expected !== undefined && !(Number.isInteger(expected) && expected > 0)) {
      process.stderr.write("vsbot parse: --k must be a positive whole number\n");
      return 2;
    }
    const raw = await readStdin();
    const result = parseCandidates(raw, {
      ...(expected !== undefined ? { expected } : {}),
      ...(values["finish-reason"] ? { finishReason: values["finish-reason"] } : {}),
      allowPlainText: values.plain,
    });
    if (result.candidates.length === 0) {
      const why = result.warnings.length > 0 ? ` (${result.warnings.join("; ")})` : "";
      process.stderr.write(`vsbot parse: no candidate could be recovered from the input${why}\n`);
      return 1;
    }
    const candidates = sortByProbability(result.candidates).map((candidate) => ({
      text: candidate.text,
      probability: candidate.probability,
    }));
    process.stdout.write(`${JSON.stringify({ candidates, warnings: result.warnings })}\n`);
    return 0;
  },
};
