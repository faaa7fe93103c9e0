import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evalCommand, evalRequest, evalSubcommand } from "../../src/cli/eval.js";
import { reportFatal } from "../../src/cli/fatal.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import type { Method } from "../../src/engine/types.js";
import { fakeModel } from "../eval/fake-model.js";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai-server.js";
import { isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";
import { OutputCapture } from "../helpers/output-capture.js";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const childEnv = (env: Record<string, string>) => isolatedEnv({ VSBOT_LOG_LEVEL: "error", ...env });

function vsbot(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VSBOT_BIN, ...args], {
      cwd: mkdtempSync(path.join(tmpdir(), "vsbot-eval-cwd-")),
      env: childEnv(env),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `vsbot eval <args>` in-process: the code the compiled CLI runs, its errors reported as the CLI
 * reports them, with the configuration read from `env` alone (the child's folder has no .env).
 */
async function evalInProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const stdout = new OutputCapture();
  const stderr = new OutputCapture();
  const code = await evalCommand(args, {
    readConfig: () => loadConfig(childEnv(env)),
    stdout,
    stderr,
  }).catch((error: unknown) => reportFatal(error, stderr, async () => evalSubcommand.usage));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The documented JSON contract of one result. */
const CONTRACT = [
  "label",
  "method",
  "answers",
  "prompts",
  "modelCalls",
  "lost",
  "rougeL",
  "distinct1",
  "distinct2",
  "semanticDiversity",
  "quality",
];

interface Output {
  readonly results: ReadonlyArray<
    Record<string, unknown> & {
      label: string;
      lost: number;
      answers: number;
      rougeL: number;
      distinct2: number;
    }
  >;
  readonly warnings: readonly string[];
}

let fake: FakeOpenAI;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 64 });
  env = {
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "sk-eval-cli-0123456789",
    VSBOT_MODEL: "gpt-4.1",
    VSBOT_MODEL_RETRIES: "0",
  };
});

afterEach(async () => {
  await fake.close();
});

describe("vsbot eval --task", () => {
  it("runs all five methods end to end against the fake server and writes the report", async () => {
    fake.respondWith(fakeModel().handler);
    const out = mkdtempSync(path.join(tmpdir(), "vsbot-eval-out-"));
    const run = await evalInProcess(
      ["--task", "joke", "--n", "10", "--prompts", "2", "--out", out, "--json"],
      env,
    );

    // Direct 10 a prompt, sequence, VS-Standard and VS-CoT 2, VS-Multi 3 (2 answers, then 5s).
    expect(run.stderr).toMatch(/Estimate: 38 model calls/);
    expect(run.stderr).toMatch(/generating: 38 requests/);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as Output;
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(output.results.map((result) => result.label)).toEqual([
      "direct",
      "sequence",
      "vs-standard",
      "vs-cot",
      "vs-multi",
    ]);
    for (const result of output.results) {
      for (const field of CONTRACT) expect(result).toHaveProperty(field);
      expect(result.answers).toBe(20);
      expect(result.semanticDiversity).toEqual(expect.any(Number));
      expect(result.quality).toBeNull();
    }
    expect(fake.embeddingRequests.length).toBe(10);
    expect(JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"))).toEqual(output);
    const summary = readFileSync(path.join(out, "summary.md"), "utf8");
    expect(summary).toMatch(
      /\| label \| method \| prompts \| answers \| lost \| calls \| ROUGE-L ↓ \|/,
    );
    expect(summary).toMatch(/\| vs-multi \| vs-multi \| 2 \| 20 \| 0 \| 6 \|/);
    const svg = readFileSync(path.join(out, "diversity.svg"), "utf8");
    expect(svg).toContain('class="baseline-line"');
    expect(new Resvg(svg).render().width).toBe(760);
  });

  it("completes with a fifth of the calls failing, and reports how many answers were lost", async () => {
    const model = fakeModel({ failEvery: 5 });
    fake.respondWith(model.handler);
    const run = await evalInProcess(
      [
        "--task",
        "joke",
        "--n",
        "10",
        "--prompts",
        "2",
        "--retries",
        "0",
        "--concurrency",
        "1",
        "--no-embeddings",
        "--json",
      ],
      env,
    );

    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as Output;
    expect(model.misread).toEqual([]);
    expect(Object.values(model.failures).reduce((sum, count) => sum + count, 0)).toBe(7);
    for (const result of output.results) {
      expect(result.lost).toBe(model.shortfall(result.method as Method, 10));
      expect(result.answers + result.lost).toBe(20);
    }
    expect(output.results.reduce((sum, result) => sum + result.lost, 0)).toBeGreaterThan(5);
    expect(run.stderr).toMatch(/warning: .*answers lost/);
    expect(output.warnings.some((warning) => /answers lost/.test(warning))).toBe(true);
    expect(fake.embeddingRequests).toHaveLength(0);
  });

  it("prints the table in the terminal, a lost column included", async () => {
    fake.respondWith(fakeModel({ failEvery: 4 }).handler);
    const run = await evalInProcess(
      [
        "--task",
        "poem",
        "--methods",
        "direct,vs-standard",
        "--n",
        "5",
        "--prompts",
        "1",
        "--retries",
        "0",
        "--no-embeddings",
      ],
      env,
    );
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^label\s+method\s+prompts\s+answers\s+lost\s+calls\s+ROUGE-L ↓/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(["direct", "vs-standard"]);
  });
});

/** Two saved-output files: one mode-collapsed (the same joke again and again), one varied. */
function savedOutputs(): { direct: string; varied: string } {
  const folder = mkdtempSync(path.join(tmpdir(), "vsbot-eval-saved-"));
  const write = (name: string, lines: readonly object[]) => {
    const file = path.join(folder, name);
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n"));
    return file;
  };
  const same = { text: "Why did the coffee file a police report? It got mugged." };
  const direct = write("direct.jsonl", [
    { prompt: "coffee", responses: [same] },
    { prompt: "coffee", responses: [same] },
    {
      prompt: "coffee",
      responses: [{ text: "Why did the coffee call the police? It got mugged." }],
    },
  ]);
  const varied = write("mine.jsonl", [
    {
      prompt: "coffee",
      responses: [
        { text: "Decaf is coffee that gave up on its dreams.", probability: 0.3 },
        { text: "My espresso and I have a strong, slightly bitter bond.", probability: 0.3 },
        { text: "The barista said latte fun; now I cannot sleep.", probability: 0.4 },
      ],
    },
  ]);
  return { direct, varied };
}

describe("vsbot eval --from-jsonl", () => {
  it("measures saved outputs with no model configured", async () => {
    const { direct, varied } = savedOutputs();
    const run = await evalInProcess(["--from-jsonl", direct, `vs=${varied}`, "--json"]);

    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as Output;
    expect(
      output.results.map((result) => [
        result.label,
        result.method,
        result.answers,
        result.modelCalls,
      ]),
    ).toEqual([
      ["direct", "direct", 3, null],
      ["vs", null, 3, null],
    ]);
    const [collapsed, diverse] = output.results;
    expect(diverse?.rougeL).toBeLessThan(collapsed?.rougeL ?? 0);
    expect(diverse?.distinct2).toBeGreaterThan(collapsed?.distinct2 ?? 1);
  });
});

describe("vsbot eval arguments", () => {
  it.each([
    [[], 2, /either --from-jsonl FILE\.\.\. or --task TASK/],
    [["--task", "limerick"], 1, /--task limerick is neither one of joke, poem, story, ask, pick/],
  ])("vsbot eval %j exits %i with a clear message", async (args, code, message) => {
    const run = await evalInProcess(args, env);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it.each([
    [["--task", "joke", "--methods", "direct,best"], /--methods takes a comma-separated list/],
    [["--task", "joke", "--n", "0"], /--n must be a whole number from 1/],
    [["--task", "joke", "--retries", "11"], /--retries must be a whole number from 0 to 10/],
    [["--task", "joke", "--k", "21"], /--k must be a whole number from 1 to 20/],
    [["--from-jsonl"], /--from-jsonl needs at least one FILE/],
    [["--from-jsonl", "a.jsonl", "--n", "5"], /--n only apply to --task runs/],
    [["--task", "joke", "extra"], /unexpected argument "extra"/],
    [["--task", "joke", "--embeddings", "--no-embeddings"], /contradict/],
  ])("refuses %j before touching a file or model", (args, message) => {
    expect(() => evalRequest(args)).toThrow(ConfigError);
    expect(() => evalRequest(args)).toThrow(message);
  });

  it("reads the issue's flags, with their defaults", () => {
    expect(evalRequest(["--task", "joke"])).toMatchObject({
      source: "model",
      methods: ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"],
      n: 30,
      prompts: undefined,
      k: undefined,
      concurrency: 4,
      retries: 2,
      embeddings: true,
      judge: false,
      json: false,
    });
    expect(
      evalRequest([
        "--task",
        "pick",
        "--methods",
        "vs-cot, direct,vs-cot",
        "--k",
        "3",
        "--no-embeddings",
        "--judge",
      ]),
    ).toMatchObject({ methods: ["vs-cot", "direct"], k: 3, embeddings: false, judge: true });
    expect(evalRequest(["--from-jsonl", "a=x.jsonl", "b.jsonl", "--out", "dir"])).toMatchObject({
      source: "saved-outputs",
      files: ["a=x.jsonl", "b.jsonl"],
      embeddings: false,
      out: "dir",
    });
  });

  it("lists eval in --help", async () => {
    const run = await vsbot(["--help"]);
    expect(run.stdout).toMatch(/vsbot eval --from-jsonl \[LABEL=\]FILE\.\.\./);
    expect(run.stdout).toMatch(/vsbot eval --task joke\|poem\|story\|ask\|pick\|FILE/);
  });
});

describe("vsbot eval (the compiled CLI)", () => {
  it("prints and exits as the in-process command does, the configuration read from the environment", async () => {
    const { direct, varied } = savedOutputs();
    const cases = [
      { args: ["--from-jsonl", direct, `vs=${varied}`], code: 0 },
      { args: ["--task", "limerick"], code: 1 },
    ];
    const spawned = await Promise.all(cases.map(({ args }) => vsbot(["eval", ...args], env)));
    for (const [index, { args, code }] of cases.entries()) {
      const run = spawned[index];
      expect(run, args.join(" ")).toEqual(await evalInProcess(args, env));
      expect(run?.code, args.join(" ")).toBe(code);
    }
    expect(spawned[0]?.stdout).toMatch(/^label\s+method\s+prompts\s+answers\s+lost\s+ROUGE-L ↓/);
    expect(spawned[1]?.stderr).toMatch(/^vsbot: --task limerick is neither one of/);
  });
});
