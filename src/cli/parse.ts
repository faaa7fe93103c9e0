import { parseArgs } from "node:util";
import { parseCandidates, sortByProbability } from "../engine/parse/index.js";
import type { CliSubcommand } from "./subcommand.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What a subcommand prints on each stream, and its exit code. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `vsbot parse <args>` without the process around it: the input is read only once the
 * arguments are valid. Tests run the many damaged replies through it in-process.
 */
export async function parseCommand(
  args: readonly string[],
  readInput: () => Promise<string>,
): Promise<CommandOutput> {
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
    return { code: 2, stdout: "", stderr: "vsbot parse: --k must be a positive whole number\n" };
  }
  const raw = await readInput();
  const result = parseCandidates(raw, {
    ...(expected !== undefined ? { expected } : {}),
    ...(values["finish-reason"] ? { finishReason: values["finish-reason"] } : {}),
    allowPlainText: values.plain,
  });
  if (result.candidates.length === 0) {
    const why = result.warnings.length > 0 ? ` (${result.warnings.join("; ")})` : "";
    return {
      code: 1,
      stdout: "",
      stderr: `vsbot parse: no candidate could be recovered from the input${why}\n`,
    };
  }
  const candidates = sortByProbability(result.candidates).map((candidate) => ({
    text: candidate.text,
    probability: candidate.probability,
  }));
  return {
    code: 0,
    stdout: `${JSON.stringify({ candidates, warnings: result.warnings })}\n`,
    stderr: "",
  };
}

/** `vsbot parse`: the tolerant parser on one raw model reply from stdin. Needs no config. */
export const parseSubcommand: CliSubcommand = {
  name: "parse",
  usage: `  vsbot parse [--k N] [--finish-reason R] [--plain]
                             read one raw model reply on stdin, print the candidates it holds as JSON`,
  needsConfig: false,
  async run(args) {
    const output = await parseCommand(args, readStdin);
    process.stdout.write(output.stdout);
    process.stderr.write(output.stderr);
    return output.code;
  },
};
