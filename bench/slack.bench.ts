import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { loadConfig } from "../src/config/index.js";
import { startSlack } from "../src/platforms/slack/index.js";
import { createRuntime } from "../src/runtime/runtime.js";
import { startFakeOpenAI } from "../test/fakes/fake-openai-server.js";
import { startFakeSlack } from "../test/fakes/fake-slack.js";
import { slackSignature, slashCommandRequest } from "../test/fakes/fake-slack-requests.js";

/**
 * Ack latency of Slack slash commands over the HTTP receiver, where the ack IS the HTTP
 * response: rounds of 200 signed /joke commands (from 200 users) POSTed at once while the fake
 * model takes 2 s per call. The figure is the response time the POSTing client sees. The client runs in a
 * worker thread (its own event loop, keep-alive connections, as Slack's delivery would be a
 * separate machine); the fake model and fake Slack share the bot's process and so count
 * against it. The same client against a server that answers at once gives the machine's floor.
 */
const CONCURRENT = 200;
const ROUNDS = 3;
const ROUND_SPACING_MS = 1000;
const MODEL_LATENCY_MS = 2000;
const TARGET_P99_MS = 100;
const SIGNING_SECRET = "bench-signing-secret";

interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface Timing {
  readonly status: number;
  readonly ms: number;
}

/** The load generator: plain JS for an eval worker, node:http with a keep-alive agent. */
const CLIENT = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function post(target, request) {
  return new Promise((resolve) => {
    const started = performance.now();
    const outgoing = http.request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: request.headers },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode, ms: performance.now() - started }));
      },
    );
    outgoing.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    outgoing.end(request.body);
  });
}
parentPort.on("message", ({ id, url, requests }) => {
  const target = new URL(url);
  Promise.all(requests.map((request) => post(target, request))).then((timings) => parentPort.postMessage({ id, timings }));
});
`;

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function describe(timings: readonly Timing[]): { p50: number; p99: number; line: string } {
  const sorted = timings.map((timing) => timing.ms).sort((left, right) => left - right);
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  const failed = timings.filter((timing) => timing.status !== 200).length;
  const max = sorted[sorted.length - 1] ?? Number.NaN;
  return {
    p50,
    p99,
    line: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms, non-200: ${failed}`,
  };
}

type Round = (url: string, requests: readonly SignedRequest[]) => Promise<Timing[]>;

/** The load generator in a worker; each round sends its requests at once. */
function startClient(): { readonly round: Round; close(): Promise<number> } {
  const worker = new Worker(CLIENT, { eval: true });
  let lastId = 0;
  return {
    round: (url, requests) => {
      lastId += 1;
      const id = lastId;
      return new Promise((resolve) => {
        const listener = (message: { id: number; timings: Timing[] }) => {
          if (message.id !== id) return;
          worker.off("message", listener);
          resolve(message.timings);
        };
        worker.on("message", listener);
        worker.postMessage({ id, url, requests });
      });
    },
    close: () => worker.terminate(),
  };
}

/** What the same client sees from a server that answers every request at once. */
async function floor(round: Round, requests: readonly SignedRequest[]): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  try {
    await round(url, requests);
    const timings: Timing[] = [];
    for (let index = 0; index < ROUNDS; index += 1) timings.push(...(await round(url, requests)));
    return describe(timings).line;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

export async function run(print: (line: string) => void): Promise<void> {
  const model = await startFakeOpenAI({ latencyMs: MODEL_LATENCY_MS });
  const slack = await startFakeSlack();
  const runtime = await createRuntime(
    loadConfig({
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "bench-key",
      VSBOT_STORE_URL: "memory://",
      VSBOT_LOG_LEVEL: "silent",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    }),
  );
  const platform = await startSlack(runtime, { port: 0 });
  const url = `http://127.0.0.1:${platform.port ?? 0}/slack/events`;
  const client = startClient();
  let roundId = 0;
  const signedRound = (): SignedRequest[] => {
    roundId += 1;
    const id = roundId;
    const timestamp = Math.floor(Date.now() / 1000);
    const requests: SignedRequest[] = Array.from({ length: CONCURRENT }, (_, index) => {
      const request = slashCommandRequest({
        command: "/joke",
        text: `topic ${id}-${index}`,
        user: `U${id}X${index}`,
        responseUrl: slack.responseUrl(`bench-${id}-${index}`),
      });
      return {
        body: request.body,
        headers: {
          "content-type": request.contentType,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(SIGNING_SECRET, timestamp, request.body),
        },
      };
    });
    return requests;
  };
  const round = (): Promise<Timing[]> => client.round(url, signedRound());

  try {
    print(
      `${CONCURRENT} concurrent signed /joke commands per round over HTTP; fake model latency ${MODEL_LATENCY_MS} ms`,
    );
    const started = performance.now();
    const cold = describe(await round());
    print(`round 1 (cold: new connections, unwarmed JIT): ${cold.line}`);
    await platform.idle();

    const pending: Promise<Timing[]>[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      pending.push(round());
      await sleep(ROUND_SPACING_MS);
    }
    const warm = await Promise.all(pending);
    warm.forEach((timings, index) => {
      print(
        `round ${index + 2} (rounds ${ROUND_SPACING_MS} ms apart, earlier model calls in flight): ${describe(timings).line}`,
      );
    });
    await platform.idle();
    const finished = performance.now();
    const overall = describe(warm.flat());
    const total = CONCURRENT * (ROUNDS + 1);
    print(`rounds 2-${ROUNDS + 1} together: ${overall.line}`);
    print(
      `machine floor, same client, server answering at once: ${await floor(client.round, signedRound())}`,
    );
    print(
      `target: p99 < ${TARGET_P99_MS} ms -> ${overall.p99 < TARGET_P99_MS ? "met" : "MISSED"} (rounds 2-${ROUNDS + 1}); cold round ${cold.p99 < TARGET_P99_MS ? "met" : "missed"} it`,
    );
    print(
      `answers posted: ${slack.callsTo("chat.postMessage").length}/${total}, model calls: ${model.requests.length}, all done after ${((finished - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await client.close();
    await platform.stop();
    await runtime.close();
    await slack.close();
    await model.close();
  }
}
