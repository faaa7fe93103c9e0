import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const FIXTURE = fileURLToPath(new URL("./fixtures/concurrent-updates.mjs", import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COMPILED_STORE = fileURLToPath(
  new URL("../../dist/src/store/create-store.js", import.meta.url),
);

export interface WorkerRun {
  readonly url: string;
  readonly namespace: string;
  readonly key: string;
  readonly mode: "append" | "pop";
  readonly workers: number;
  readonly updatesPerWorker: number;
}

interface Worker {
  readonly ready: Promise<void>;
  readonly results: Promise<(string | null)[]>;
  start(): void;
}

function startWorker(run: WorkerRun, worker: number): Worker {
  const child = spawn(
    process.execPath,
    [
      FIXTURE,
      run.url,
      run.namespace,
      run.key,
      run.mode,
      `w${worker}`,
      String(run.updatesPerWorker),
    ],
    { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const results = new Promise<(string | null)[]>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      const lines = stdout.trim().split("\n");
      const last = lines[lines.length - 1];
      if (code !== 0 || lines[0] !== "ready" || last === undefined) {
        reject(new Error(`worker ${worker} exited with ${code}: ${stderr.trim()}`));
        return;
      }
      resolve(JSON.parse(last) as (string | null)[]);
    });
  });
  return {
    // A worker that dies before it is ready must fail the run, not hang it.
    ready: Promise.race([ready, results.then(() => {})]),
    results,
    start: () => child.stdin.end("go\n"),
  };
}

/**
 * Runs the concurrent-updates fixture in several child processes, released together once all
 * have opened the store, and returns each worker's update results.
 */
export async function runWorkers(run: WorkerRun): Promise<(string | null)[][]> {
  if (!existsSync(COMPILED_STORE)) {
    throw new Error(
      "the workers run the compiled store: run `npm run build` first (npm test does)",
    );
  }
  const workers = Array.from({ length: run.workers }, (_, index) => startWorker(run, index));
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.start();
  return Promise.all(workers.map((worker) => worker.results));
}
