import { readFileSync } from "node:fs";

/** One instruction of a Dockerfile: `COPY --from=build /app/dist ./dist` is COPY with its words. */
export interface Instruction {
  readonly keyword: string;
  /** The text after the keyword, continuation lines joined. */
  readonly text: string;
  /** `--name=value` flags, then the rest split on spaces (shell form) or read as JSON. */
  readonly flags: Readonly<Record<string, string>>;
  readonly words: readonly string[];
}

export interface Stage {
  readonly name: string;
  readonly instructions: readonly Instruction[];
}

function parseInstruction(line: string): Instruction {
  const [keyword = "", ...restWords] = line.split(/\s+/);
  let text = line.slice(keyword.length).trim();
  const flags: Record<string, string> = {};
  for (;;) {
    const flag = /^--([\w-]+)=(\S+)\s*/.exec(text);
    if (!flag) break;
    flags[flag[1] ?? ""] = flag[2] ?? "";
    text = text.slice(flag[0].length);
  }
  const words = text.startsWith("[")
    ? (JSON.parse(text) as string[])
    : text.split(/\s+/).filter(Boolean);
  void restWords;
  return { keyword: keyword.toUpperCase(), text, flags, words };
}

/**
 * The stages of a Dockerfile with their instructions: enough of the format (comments,
 * continuation lines, flags, JSON and shell forms) for the test that performs its steps.
 */
export function readDockerfile(path: string): Stage[] {
  const lines = readFileSync(path, "utf8")
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("#"));
  const stages: { name: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const instruction = parseInstruction(line);
    if (instruction.keyword === "FROM") {
      const as = instruction.words.findIndex((word) => word.toUpperCase() === "AS");
      stages.push({ name: instruction.words[as + 1] ?? String(stages.length), instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}
