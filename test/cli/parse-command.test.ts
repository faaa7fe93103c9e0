import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/parse.js";
import {
  type DamagedReply,
  damageAll,
  normalizedWeights,
  type Response,
} from "../engine/parse/damage.js";
import {
  paperDataExists,
  paperDataSkipReason,
  readPaperLines,
} from "../engine/parse/paper-data.js";
import { VSBOT_BIN } from "../helpers/console-process.js";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function vsbotParse(input: string, args: readonly string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VSBOT_BIN, "parse", ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const OWN_RESPONSES: readonly Response[] = [
  { text: "The kettle sings\nof mornings kept\nand promises slept.", probability: 0.35 },
  { text: "A lighthouse blinks twice, then forgets why.", probability: 0.25 },
  { text: "Why do clocks never win arguments? They run out of time.", probability: 0.2 },
  { text: "Rain on tin:\na drum with no drummer.", probability: 0.12 },
  { text: "The map was wrong, so we made it right by walking.", probability: 0.08 },
];

function argsFor(reply: DamagedReply): string[] {
  return reply.options.finishReason ? ["--finish-reason", reply.options.finishReason] : [];
}

/** The subcommand in-process: the same code the compiled CLI runs, without a process each. */
function parseInProcess(reply: DamagedReply): Promise<Run> {
  return parseCommand(argsFor(reply), async () => reply.raw);
}

async function expectRecovered(replies: readonly DamagedReply[]): Promise<void> {
  const runs = await Promise.all(replies.map(parseInProcess));
  runs.forEach((run, index) => {
    const reply = replies[index] as DamagedReply;
    expect(run.code, `${reply.damage}: ${run.stderr}`).toBe(0);
    const output = JSON.parse(run.stdout) as {
      candidates: { text: string; probability: number }[];
      warnings: string[];
    };
    const weights = normalizedWeights(reply.expected);
    const expected = reply.expected
      .map((candidate, position) => ({ text: candidate.text, probability: weights[position] ?? 0 }))
      .sort((left, right) => right.probability - left.probability);
    expect(output.candidates.map((candidate) => candidate.text).sort(), reply.damage).toEqual(
      expected.map((candidate) => candidate.text).sort(),
    );
    const sum = output.candidates.reduce((total, candidate) => total + candidate.probability, 0);
    expect(sum).toBeCloseTo(1, 9);
    for (let position = 1; position < output.candidates.length; position++) {
      expect(output.candidates[position - 1]?.probability).toBeGreaterThanOrEqual(
        output.candidates[position]?.probability ?? 0,
      );
    }
    for (const candidate of output.candidates) {
      const match = expected.find((item) => item.text === candidate.text);
      expect(candidate.probability, `${reply.damage}: ${candidate.text}`).toBeCloseTo(
        match?.probability ?? -1,
        6,
      );
    }
  });
}

describe("vsbot parse", () => {
  it("recovers every complete candidate in each damaged form of our own poems and jokes", async () => {
    await expectRecovered(damageAll(OWN_RESPONSES));
  }, 60_000);

  it.skipIf(!paperDataExists)(
    `recovers every complete candidate in each damaged form of a real GPT-4.1 reply${paperDataExists ? "" : ` (${paperDataSkipReason})`}`,
    async () => {
      const [line] = readPaperLines("gpt-4.1/vs-standard.jsonl");
      await expectRecovered(damageAll(line?.responses ?? []));
    },
    60_000,
  );

  it("prints from the compiled CLI exactly what the in-process command gives, --finish-reason included", async () => {
    const damaged = damageAll(OWN_RESPONSES);
    const samples = [
      damaged.find((reply) => reply.options.finishReason === "length"),
      damaged.find((reply) => reply.options.finishReason === undefined),
    ];
    for (const reply of samples) {
      if (!reply) throw new Error("the damage list lost its truncated or its plain forms");
      const spawned = await vsbotParse(reply.raw, argsFor(reply));
      expect(spawned, reply.damage).toEqual(await parseInProcess(reply));
      expect(spawned.code, reply.damage).toBe(0);
    }
  });

  it("prints the candidates sorted high to low with normalized probabilities", async () => {
    const run = await vsbotParse(
      '{"responses":[{"text":"b","probability":"20%"},{"text":"a","probability":"60%"}]}',
    );
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as {
      candidates: { text: string; probability: number }[];
      warnings: string[];
    };
    expect(output.candidates.map((candidate) => candidate.text)).toEqual(["a", "b"]);
    expect(output.candidates[0]?.probability).toBeCloseTo(0.75, 12);
    expect(output.candidates[1]?.probability).toBeCloseTo(0.25, 12);
    expect(output.warnings).toEqual([]);
  });

  it("exits 1 with a one-line error when nothing can be recovered", async () => {
    const run = await vsbotParse("I'm sorry, I can't help with that.");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/no candidate could be recovered/);
  });

  it("exits 1 on empty input", async () => {
    expect((await vsbotParse("")).code).toBe(1);
  });
});

describe("vsbot --help", () => {
  it("prints the usage and exits 0", async () => {
    const run = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [VSBOT_BIN, "--help"]);
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.on("exit", (code) => resolve({ code, stdout, stderr: "" }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/vsbot console \[--json\]/);
    expect(run.stdout).toMatch(/vsbot parse/);
  });
});
