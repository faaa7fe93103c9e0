import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createClient } from "@keyv/redis";
import type { VsEngine } from "../src/engine/engine.js";
import type { ModelClient, StateStore } from "../src/engine/ports.js";
import type { TaskSpec } from "../src/engine/task.js";
import { silentLogger } from "../src/logger.js";
import { createStateStore } from "../src/store/create-store.js";
import { benchEngine } from "./bench-engine.js";
import { atMost, type BenchContext, type Figure, informational, judged } from "./figures.js";
import { settledMemory } from "./memory.js";
import { deleteRedisKeys, REDIS_BENCH_URL } from "./redis.js";
import { percentile } from "./stats.js";

/**
 * What one reply costs each store: the real engine, a scripted model that answers at once.
 * A reply is what `start` stores (its tail, about 1 KB of JSON); a click is `more` served from
 * that tail. Sizes are compared with the reply's own JSON; costs are CPU time, or for Redis
 * round trips, against a PING measured alongside, so the machine's load cancels out.
 */

const STORED_REPLIES = 10_000;
const REDIS_REPLIES = 2000;
const CLICK_REPLIES = 2000;
const CLICKS_PER_REPLY = 4;
const BYTES_TARGET = 2;

const JOKES: ReadonlyArray<readonly [string, number]> = [
  ["Why did the coffee file a police report? It got mugged on its way to the office.", 0.34],
  ["Decaf is just coffee that gave up on its dreams and moved back in with its parents.", 0.22],
  ["My espresso and I have a strong relationship, but honestly it is a little bitter.", 0.18],
  ["I like my coffee like my Monday mornings: dark, strong and over far too soon.", 0.15],
  ["The barista told me to have a latte fun. I did, and now I cannot sleep at all.", 0.11],
];

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
    text: JSON.stringify({
      responses: JOKES.map(([text, probability]) => ({ text, probability })),
    }),
    finishReason: "stop",
    usage: { promptTokens: 200, completionTokens: 120 },
    model: "bench",
    structured: true,
  }),
};

async function storeReplies(engine: VsEngine, count: number): Promise<string[]> {
  const tailIds: string[] = [];
  for (let reply = 0; reply < count; reply += 1) tailIds.push((await engine.start(SPEC)).tailId);
  return tailIds;
}

async function jsonBytes(store: StateStore, tailIds: readonly string[]): Promise<number> {
  const sample = tailIds.slice(0, 100);
  let total = 0;
  for (const tailId of sample) {
    total += Buffer.byteLength(JSON.stringify(await store.get(`tail:${tailId}`)));
  }
  return total / sample.length;
}

/** Clicks CLICKS_PER_REPLY times on each reply; returns each click's wall ms and CPU per click. */
async function clickThrough(
  engine: VsEngine,
  tailIds: readonly string[],
  between?: () => Promise<void>,
): Promise<{ wallMs: number[]; cpuMs: number }> {
  const wallMs: number[] = [];
  const before = process.cpuUsage();
  for (const tailId of tailIds) {
    for (let click = 0; click < CLICKS_PER_REPLY; click += 1) {
      await between?.();
      const started = performance.now();
      const draw = await engine.more(tailId);
      wallMs.push(performance.now() - started);
      if (draw.modelCalls !== 0) throw new Error("a click went to the model: the tail ran dry");
    }
  }
  const used = process.cpuUsage(before);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / wallMs.length };
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function memoryFigures(): Promise<Figure[]> {
  const store = await createStateStore("memory://", { logger: silentLogger });
  const engine = benchEngine(scriptedModel, store);
  await storeReplies(engine, 200);
  const before = settledMemory();
  const tailIds = await storeReplies(engine, STORED_REPLIES);
  const heapPerReply = (settledMemory() - before) / STORED_REPLIES;
  const json = await jsonBytes(store, tailIds);
  const clicks = await clickThrough(engine, tailIds.slice(0, CLICK_REPLIES));
  await store.close();
  return [
    informational("reply JSON size", json, "B", "the stored tail of one reply, JSON.stringify'd"),
    judged(
      "memory:// heap per stored reply / its JSON",
      heapPerReply / json,
      "x",
      atMost(BYTES_TARGET),
      `${Math.round(heapPerReply)} B of heap and buffers per reply over ${STORED_REPLIES} replies, after a full GC`,
    ),
    judged(
      "memory:// CPU per tail click",
      clicks.cpuMs,
      "ms CPU",
      atMost(0.25),
      `${clicks.wallMs.length} clicks, each an atomic claim on its tail`,
    ),
  ];
}

async function sqliteFigures(directory: string): Promise<Figure[]> {
  const path = join(directory, "state.db");
  const empty = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
  await empty.close();
  const emptyBytes = fileBytes(path);
  const store = await createStateStore(`sqlite://${path}`, { logger: silentLogger });
  const engine = benchEngine(scriptedModel, store);
  const tailIds = await storeReplies(engine, STORED_REPLIES);
  const json = await jsonBytes(store, tailIds);
  const clicks = await clickThrough(engine, tailIds.slice(0, CLICK_REPLIES));
  await store.close();
  const perReply = (fileBytes(path) + fileBytes(`${path}-wal`) - emptyBytes) / STORED_REPLIES;
  return [
    judged(
      "sqlite file bytes per stored reply / its JSON",
      perReply / json,
      "x",
      atMost(BYTES_TARGET),
      `${Math.round(perReply)} B per reply: file growth over ${STORED_REPLIES} replies, measured after close`,
    ),
    judged(
      "sqlite CPU per tail click",
      clicks.cpuMs,
      "ms CPU",
      atMost(0.5),
      `${clicks.wallMs.length} clicks, each a BEGIN IMMEDIATE read-modify-write`,
    ),
  ];
}

async function redisFigures(context: BenchContext): Promise<Figure[]> {
  const namespace = `vsbot-bench-${randomUUID().slice(0, 8)}`;
  let store: StateStore;
  try {
    store = await createStateStore(REDIS_BENCH_URL, {
      logger: silentLogger,
      namespace,
      timeoutMs: 1000,
    });
  } catch {
    context.log(`redis: skipped, nothing answers at ${REDIS_BENCH_URL}`);
    return [];
  }
  const client = createClient({ url: REDIS_BENCH_URL });
  await client.connect();
  try {
    const engine = benchEngine(scriptedModel, store);
    const tailIds = await storeReplies(engine, REDIS_REPLIES);
    const json = await jsonBytes(store, tailIds);
    let used = 0;
    for (const tailId of tailIds) {
      used += Number(
        await client.sendCommand([
          "MEMORY",
          "USAGE",
          `${namespace}::tail:${tailId}`,
          "SAMPLES",
          "0",
        ]),
      );
    }
    // The floor: the four commands a claim sends (lock, read, write, unlock), sent bare by a
    // plain client, interleaved with the clicks so both see the same load.
    const floorKey = `${namespace}::floor`;
    const value = JSON.stringify({ value: { padding: "x".repeat(json) } });
    const floors: number[] = [];
    const clicks = await clickThrough(engine, tailIds.slice(0, 500), async () => {
      const started = performance.now();
      await client.set(`${floorKey}:lock`, "token", {
        condition: "NX",
        expiration: { type: "PX", value: 5000 },
      });
      await client.get(floorKey);
      await client.set(floorKey, value, { expiration: { type: "PX", value: 60_000 } });
      await client.del(`${floorKey}:lock`);
      floors.push(performance.now() - started);
    });
    const sortedClicks = [...clicks.wallMs].sort((left, right) => left - right);
    const sortedFloors = [...floors].sort((left, right) => left - right);
    const p50 = percentile(sortedClicks, 0.5) / percentile(sortedFloors, 0.5);
    const p99 = percentile(sortedClicks, 0.99) / percentile(sortedFloors, 0.99);
    return [
      judged(
        "redis memory per stored reply / its JSON",
        used / REDIS_REPLIES / json,
        "x",
        atMost(BYTES_TARGET),
        `${Math.round(used / REDIS_REPLIES)} B per reply by MEMORY USAGE over ${REDIS_REPLIES} keys (db 10, own namespace, deleted after)`,
      ),
      judged(
        "redis tail click p50 / its four bare commands p50",
        p50,
        "x",
        atMost(4),
        `${clicks.wallMs.length} clicks, each after the same four commands (SET NX, GET, SET, DEL) sent bare on another connection: p50 ${percentile(sortedClicks, 0.5).toFixed(2)} ms against ${percentile(sortedFloors, 0.5).toFixed(2)} ms`,
      ),
      informational("redis tail click p99 / its four bare commands p99", p99, "x"),
    ];
  } finally {
    await store.close();
    client.destroy();
    await deleteRedisKeys(namespace);
  }
}

export async function run(context: BenchContext): Promise<Figure[]> {
  const directory = mkdtempSync(join(tmpdir(), "vsbot-bench-"));
  try {
    return [
      ...(await memoryFigures()),
      ...(await sqliteFigures(directory)),
      ...(await redisFigures(context)),
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
