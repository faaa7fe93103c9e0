import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@keyv/redis";
import type { VsEngine } from "../src/engine/engine.js";
import type { ModelClient, Mutation, StateStore } from "../src/engine/ports.js";
import type { TaskSpec } from "../src/engine/task.js";
import { silentLogger } from "../src/logger.js";
import { createStateStore } from "../src/store/create-store.js";
import { benchEngine } from "./bench-engine.js";

/**
 * State-store cost of one reply: the real engine, a scripted model that answers at once, and
 * each store behind a counting decorator. One reply = `start` plus four "more" clicks, which
 * drain the tail of k = 5 without another model call.
 */

/** A db of its own, never db 0 of a shared server. */
const REDIS_URL = "redis://127.0.0.1:6379/10";
const WARM_UP_REPLIES = 200;
const MEASURED_REPLIES = 2000;
const GROWTH_REPLIES = 1000;
const CLICKS_PER_REPLY = 4;
const TAIL_CLAIM_TARGET_MS = 5;

const JOKES: ReadonlyArray<readonly [string, number]> = [
  ["Why did the coffee file a police report? It got mugged.", 0.34],
  ["Decaf is just coffee that gave up on its dreams.", 0.22],
  ["My espresso and I have a strong relationship, but it is a little bitter.", 0.18],
  ["I like my coffee like my mornings: dark and over too soon.", 0.15],
  ["The barista told me to have a latte fun. I did, and now I cannot sleep.", 0.11],
];

const REPLY_TEXT = JSON.stringify({
  responses: JOKES.map(([text, probability]) => ({ text, probability })),
});

const SPEC: TaskSpec = {
  task: "joke",
  instruction: "Tell me a joke about coffee.",
  subject: "coffee",
  guidance:
    "You are a comedy writer. Each response is one complete, self-contained joke of at most a few lines, fit for a general audience.",
  method: "vs-standard",
  k: JOKES.length,
  tau: 0.1,
  wording: "explicit",
};

const scriptedModel: ModelClient = {
  description: "scripted bench model",
  complete: async () => ({
    text: REPLY_TEXT,
    finishReason: "stop",
    usage: { promptTokens: 200, completionTokens: 120 },
    model: "bench",
    structured: true,
  }),
};

type Operation = "get" | "set" | "delete" | "update";

/** Times every call into the store it wraps, by operation. */
class CountingStateStore implements StateStore {
  readonly kind: string;
  readonly latencies: Record<Operation, number[]> = { get: [], set: [], delete: [], update: [] };
  readonly #inner: StateStore;

  constructor(inner: StateStore) {
    this.kind = inner.kind;
    this.#inner = inner;
  }

  reset(): void {
    for (const list of Object.values(this.latencies)) list.length = 0;
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.#time("get", () => this.#inner.get<T>(key));
  }

  set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    return this.#time("set", () => this.#inner.set(key, value, ttlMs));
  }

  delete(key: string): Promise<void> {
    return this.#time("delete", () => this.#inner.delete(key));
  }

  update<T, R>(
    key: string,
    mutate: (current: T | undefined) => Mutation<T, R>,
    ttlMs?: number,
  ): Promise<R> {
    return this.#time("update", () => this.#inner.update(key, mutate, ttlMs));
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #time<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await call();
    } finally {
      this.latencies[operation].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
}

interface ReplyTimings {
  readonly claimMs: number[];
  lastTailId: string;
}

async function runReplies(engine: VsEngine, count: number, timings: ReplyTimings): Promise<void> {
  for (let reply = 0; reply < count; reply += 1) {
    const first = await engine.start(SPEC);
    for (let click = 0; click < CLICKS_PER_REPLY; click += 1) {
      const started = process.hrtime.bigint();
      const draw = await engine.more(first.tailId);
      timings.claimMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (draw.modelCalls !== 0) throw new Error("a click went to the model: the tail ran dry");
    }
    timings.lastTailId = first.tailId;
  }
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function milliseconds(values: readonly number[]): string {
  if (values.length === 0) return "-";
  return `${percentile(values, 0.5).toFixed(3)} / ${percentile(values, 0.99).toFixed(3)}`;
}

interface BackendResult {
  readonly name: string;
  readonly operationsPerReply: string;
  readonly allOperations: string;
  readonly setLatency: string;
  readonly updateLatency: string;
  readonly claimLatency: string;
  readonly updateP99: number;
  readonly tailBytes: number;
  readonly target: boolean;
}

async function measure(name: string, store: StateStore, target: boolean): Promise<BackendResult> {
  const counting = new CountingStateStore(store);
  const engine = benchEngine(scriptedModel, counting);
  const timings: ReplyTimings = { claimMs: [], lastTailId: "" };
  await runReplies(engine, WARM_UP_REPLIES, timings);
  counting.reset();
  timings.claimMs.length = 0;
  await runReplies(engine, MEASURED_REPLIES, timings);

  const { latencies } = counting;
  const perReply = (Object.keys(latencies) as Operation[])
    .filter((operation) => latencies[operation].length > 0)
    .map((operation) => `${latencies[operation].length / MEASURED_REPLIES} ${operation}`)
    .join(" + ");
  const tail = await store.get<unknown>(`tail:${timings.lastTailId}`);
  return {
    name,
    operationsPerReply: perReply,
    allOperations: milliseconds(Object.values(latencies).flat()),
    setLatency: milliseconds(latencies.set),
    updateLatency: milliseconds(latencies.update),
    claimLatency: milliseconds(timings.claimMs),
    updateP99: percentile(latencies.update, 0.99),
    tailBytes: Buffer.byteLength(JSON.stringify(tail)),
    target,
  };
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Bytes the sqlite file grows by per 1000 replies, measured after close (WAL checkpointed). */
async function sqliteGrowth(directory: string): Promise<number> {
  const path = join(directory, "growth.db");
  const empty = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
  await empty.close();
  const before = fileBytes(path);
  const store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
  await runReplies(benchEngine(scriptedModel, store), GROWTH_REPLIES, {
    claimMs: [],
    lastTailId: "",
  });
  await store.close();
  return ((fileBytes(path) + fileBytes(`${path}-wal`) - before) * 1000) / GROWTH_REPLIES;
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

export async function run(print: (line: string) => void): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "vsbot-bench-"));
  const results: BackendResult[] = [];
  const notes: string[] = [];
  try {
    const memory = await createStateStore("memory://", { logger: silentLogger });
    results.push(await measure("memory", memory, false));
    await memory.close();

    const sqlite = await createStateStore(`sqlite://${join(directory, "state.db")}`, {
      logger: silentLogger,
    });
    results.push(await measure("sqlite", sqlite, true));
    await sqlite.close();
    notes.push(
      `sqlite file growth: ${Math.round(await sqliteGrowth(directory))} bytes per 1000 replies`,
    );

    const namespace = `vsbot-bench-${randomUUID().slice(0, 8)}`;
    let redis: StateStore | undefined;
    try {
      redis = await createStateStore(REDIS_URL, {
        logger: silentLogger,
        namespace,
        timeoutMs: 1000,
      });
    } catch {
      notes.push(`redis: skipped, nothing answers at ${REDIS_URL}`);
    }
    if (redis) {
      try {
        results.push(await measure("redis", redis, true));
      } finally {
        await redis.close();
        await deleteRedisKeys(namespace);
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  print(
    `${MEASURED_REPLIES} replies after ${WARM_UP_REPLIES} warm-up; one reply = start + ${CLICKS_PER_REPLY} x more from the tail (k = ${JOKES.length}); latencies in ms, p50 / p99`,
  );
  const rows = [
    [
      "store",
      "ops per reply",
      "all ops",
      "set",
      "update",
      "more() from tail",
      "tail bytes",
      "target",
    ],
    ...results.map((result) => [
      result.name,
      result.operationsPerReply,
      result.allOperations,
      result.setLatency,
      result.updateLatency,
      result.claimLatency,
      String(result.tailBytes),
      result.target
        ? `tail claim p99 < ${TAIL_CLAIM_TARGET_MS} ms: ${result.updateP99 < TAIL_CLAIM_TARGET_MS ? "met" : "MISSED"}`
        : "-",
    ]),
  ];
  for (const line of table(rows)) print(line);
  for (const note of notes) print(note);
}
