import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { loadConfig } from "../../src/config/index.js";
import { readDataset } from "../../src/generate/dataset-file.js";
import { estimateCost } from "../../src/generate/estimate.js";
import { runGeneration } from "../../src/generate/generation.js";
import { silentLogger } from "../../src/logger.js";
import { createOpenAIModel } from "../../src/model/openai-model.js";
import {
  type FakeOpenAI,
  type FakeStep,
  startFakeOpenAI,
  vsJson,
} from "../fakes/fake-openai-server.js";
import { isolatedEnv, VSBOT_BIN } from "../helpers/console-process.js";
import { madeUpWords } from "../helpers/distinct-text.js";
import { JOKE_SPEC } from "../helpers/engine-harness.js";
import { OutputCapture } from "../helpers/output-capture.js";

let fake: FakeOpenAI;
let folder: string;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  folder = mkdtempSync(join(tmpdir(), "vsbot-generate-"));
});

afterEach(async () => {
  await fake.close();
});

interface Line {
  readonly text?: string;
  readonly probability?: number;
  readonly callId?: string;
  readonly summary?: boolean;
  readonly [field: string]: unknown;
}

const linesOf = (path: string): Line[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

/**
 * A model whose call n answers five samples of its own and one repeat of call n - 1's first.
 * While `hanging` is set, calls after `hangAfter` never answer (a run stopped mid-call).
 */
function numberedSamples(hangAfter: number) {
  let calls = 0;
  const model = { hanging: true };
  const respond = (): FakeStep => {
    calls++;
    if (model.hanging && calls > hangAfter) return { hang: true };
    const samples: [string, number][] = Array.from({ length: 5 }, (_, index) => [
      `Sample ${calls}.${index}: ${madeUpWords(calls * 10 + index)}.`,
      0.2,
    ]);
    if (calls > 1) samples.push([`Sample ${calls - 1}.0: ${madeUpWords((calls - 1) * 10)}.`, 0.1]);
    return { content: vsJson(samples) };
  };
  return Object.assign(model, { respond });
}

const spec = { ...JOKE_SPEC, task: "generate", instruction: "Write a sample", subject: "x" };

function model() {
  return createOpenAIModel({
    baseURL: fake.baseURL,
    apiKey: "test-key",
    model: "gpt-4.1",
    timeoutMs: 5000,
    maxRetries: 0,
    structuredOutput: "auto",
    samplingParams: "auto",
    logger: silentLogger,
  });
}

async function generateInProcess(
  out: string,
  wanted: number,
  signal: AbortSignal,
  concurrency = 2,
) {
  return runGeneration({
    model: model(),
    logger: silentLogger,
    decoding: { temperature: 0.7, topP: 1 },
    spec,
    wanted,
    dataset: await readDataset(out),
    out,
    concurrency,
    threshold: 0.7,
    signal,
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

describe("runGeneration", () => {
  it("interrupted at 50 and resumed, ends with 100 distinct samples and no call made twice", async () => {
    const out = join(folder, "data.jsonl");
    const scripted = numberedSamples(10);
    fake.respondWith(scripted.respond);
    const controller = new AbortController();
    const first = generateInProcess(out, 100, controller.signal);
    await waitFor(() => {
      try {
        return fake.requests.length >= 11 && linesOf(out).length >= 50;
      } catch {
        return false;
      }
    });
    controller.abort();
    expect((await first).stopped).toBe("interrupted");
    expect(linesOf(out)).toHaveLength(50);

    scripted.hanging = false;
    const resumed = await generateInProcess(out, 100, new AbortController().signal);
    expect(resumed.stopped).toBe("done");
    const lines = linesOf(out);
    expect(lines).toHaveLength(100);
    expect(new Set(lines.map((line) => line.text)).size).toBe(100);
    // Twenty calls with samples, numbered on from the file; the ones cut off wrote nothing.
    const calls = new Set(lines.map((line) => line.callId));
    expect([...calls].sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => `call-${index + 1}`).sort(),
    );
    // 10 calls, the cut-off ones (one per concurrent slot), then 10 calls to finish.
    expect(fake.requests.length).toBeLessThanOrEqual(22);
    for (const line of lines) expect(typeof line.probability).toBe("number");
    // Each resumed call was told about the samples already in the file.
    expect(JSON.stringify(fake.requests.at(-1)?.body.messages)).toMatch(/Generate 5 more/);
  });

  it("stops when the model keeps repeating itself, keeping what it had", async () => {
    const out = join(folder, "repeats.jsonl");
    fake.respondWith(() => ({ content: vsJson([["the only sample", 1]]) }));
    const result = await generateInProcess(out, 20, new AbortController().signal, 1);
    expect(result.stopped).toBe("repeating");
    expect(result.progress).toMatchObject({ samples: 1, duplicatesDropped: 3, calls: 4 });
    expect(linesOf(out)).toHaveLength(1);
  });
});

describe("readDataset", () => {
  it("continues a file cut off mid-line, and refuses a line that is not a sample", async () => {
    const out = join(folder, "cut.jsonl");
    writeFileSync(
      out,
      '{"text":"one","probability":0.5,"callId":"call-3"}\n{"summary":true,"calls":3,"promptTokens":10,"completionTokens":5,"duplicatesDropped":1,"instruction":"x"}\n{"text":"tw',
    );
    const dataset = await readDataset(out);
    expect(dataset).toMatchObject({ texts: ["one"], lastCall: 3, instruction: "x" });
    expect(dataset.totals).toEqual({
      calls: 3,
      promptTokens: 10,
      completionTokens: 5,
      duplicatesDropped: 1,
    });
    expect(dataset.notes).toHaveLength(2);
    expect(readFileSync(out, "utf8")).toBe('{"text":"one","probability":0.5,"callId":"call-3"}\n');
    writeFileSync(out, '{"text":"one"}\nnot json\n');
    await expect(readDataset(out)).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("estimateCost", () => {
  it("counts calls for the samples still wanted and a prompt of fixed size", () => {
    const few = estimateCost(spec, 100, []);
    expect(few.calls).toBe(20);
    expect(few.assumed).toBe(true);
    const many = estimateCost(
      spec,
      100,
      Array.from({ length: 5000 }, (_, index) => `sample ${index}`),
    );
    expect(many.assumed).toBe(false);
    expect(many.promptTokensPerCall).toBeLessThan(400);
  });
});

describe("vsbot generate", () => {
  const cliEnv = () =>
    isolatedEnv({
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_LOG_LEVEL: "warn",
    });

  /** The compiled CLI as a child process, for a real Ctrl-C. */
  function run(args: readonly string[]) {
    const child = spawn(process.execPath, [VSBOT_BIN, "generate", ...args], {
      cwd: folder,
      env: cliEnv(),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    return { child, done };
  }

  /** The same subcommand in-process, configured from the same environment (no .env). */
  async function runInProcess(args: readonly string[]) {
    const stdout = new OutputCapture();
    const stderr = new OutputCapture();
    const code = await generateCommand(args, loadConfig(cliEnv()), {
      stdout,
      stderr,
      onInterrupt: () => () => {},
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  const fileLines = (path: string) => {
    try {
      return linesOf(path);
    } catch {
      return [];
    }
  };

  it("estimates, shows progress, stops cleanly on Ctrl-C and resumes to 100 distinct lines", async () => {
    const out = join(folder, "cli.jsonl");
    const model = numberedSamples(10);
    fake.respondWith(model.respond);
    const first = run(["Write a sample", "--n", "100", "--out", out]);
    await waitFor(() => fake.requests.length >= 11 && fileLines(out).length >= 50);
    first.child.kill("SIGINT");
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/Estimate: about 20 calls/);
    expect(stopped.stderr).toMatch(/samples \|/);
    expect(stopped.stderr).toMatch(/Interrupted at 50 of 100/);
    const afterStop = linesOf(out);
    expect(afterStop).toHaveLength(51);
    expect(afterStop.at(-1)).toMatchObject({ summary: true, samples: 50, calls: 10 });
    expect(JSON.parse(stopped.stdout)).toEqual(afterStop.at(-1));

    // Resumed in-process: the signal was the child's point; the same code runs here.
    model.hanging = false;
    const resumed = await runInProcess(["Write a sample", "--n", "100", "--out", out]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/already holds 50 samples/);
    const lines = linesOf(out);
    const samples = lines.filter((line) => !line.summary);
    expect(samples).toHaveLength(100);
    expect(new Set(samples.map((line) => line.text)).size).toBe(100);
    expect(new Set(samples.map((line) => line.callId)).size).toBe(20);
    expect(lines.filter((line) => line.summary)).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ summary: true, samples: 100, calls: 20 });
    expect(JSON.parse(resumed.stdout)).toEqual(lines.at(-1));
  });
});
