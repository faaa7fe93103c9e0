import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { WebSocket } from "ws";
import { loadConfig } from "../src/config/index.js";
import { startSlack } from "../src/platforms/slack/index.js";
import { createRuntime } from "../src/runtime/runtime.js";
import { type FakeOpenAI, startFakeOpenAI } from "../test/fakes/fake-openai-server.js";
import { type FakeSlack, startFakeSlack } from "../test/fakes/fake-slack.js";
import {
  slackSignature,
  slashCommandPayload,
  slashCommandRequest,
} from "../test/fakes/fake-slack-requests.js";
import {
  atLeast,
  atMost,
  type BenchContext,
  type Figure,
  informational,
  judged,
} from "./figures.js";
import { summarize } from "./stats.js";

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
/**
 * The bot parses, verifies and schedules each command (and starts its model call) while the
 * others wait; the floors do none of that. At this machine's floors these bounds keep p99
 * well inside Slack's 3 s.
 */
const HTTP_TARGET_RATIO = 20;
const SOCKET_TARGET_RATIO = 10;
const SIGNING_SECRET = "bench-signing-secret";

interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface Timing {
  readonly status: number;
  /** Why no response came, when none did (status 0). */
  readonly error?: string;
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
    outgoing.on("error", (error) => resolve({ status: 0, error: error.code ?? error.message, ms: performance.now() - started }));
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
  const failures = timings.filter((timing) => timing.status !== 200);
  const failed = failures.length;
  const why = [...new Set(failures.map((timing) => timing.error ?? String(timing.status)))];
  const max = sorted[sorted.length - 1] ?? Number.NaN;
  return {
    p50,
    p99,
    line: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms, non-200: ${failed}${failed > 0 ? ` (${why.join(", ")})` : ""}`,
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

/** What the same client sees (p99, ms) from a server that answers every request at once. */
async function floor(round: Round, requests: readonly SignedRequest[]): Promise<number> {
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
    return describe(timings).p99;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

function slackRuntimeConfig(model: FakeOpenAI, slack: FakeSlack, socketMode: boolean) {
  return loadConfig({
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "bench-key",
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    ...(socketMode
      ? { SLACK_APP_TOKEN: slack.appToken }
      : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
  });
}

async function httpFigures(bench: BenchContext, model: FakeOpenAI): Promise<Figure[]> {
  const slack = await startFakeSlack();
  const runtime = await createRuntime(slackRuntimeConfig(model, slack, false));
  const platform = await startSlack(runtime, { port: 0 });
  const url = `http://127.0.0.1:${platform.port ?? 0}/slack/events`;
  const client = startClient();
  let roundId = 0;
  const signedRound = (): SignedRequest[] => {
    roundId += 1;
    const id = roundId;
    const timestamp = Math.floor(Date.now() / 1000);
    return Array.from({ length: CONCURRENT }, (_, index) => {
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
  };
  const round = (): Promise<Timing[]> => client.round(url, signedRound());
  try {
    const coldTimings = await round();
    const cold = describe(coldTimings);
    bench.log(`HTTP round 1 (cold: new connections, unwarmed JIT): ${cold.line}`);
    await platform.idle();
    const pending: Promise<Timing[]>[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      pending.push(round());
      await sleep(ROUND_SPACING_MS);
    }
    const warmTimings = (await Promise.all(pending)).flat();
    const warm = describe(warmTimings);
    const all = [...coldTimings, ...warmTimings];
    const acked = all.filter((timing) => timing.status === 200).length;
    const refused = all.filter((timing) => timing.status !== 200 && timing.status !== 0).length;
    const unsent = all.filter((timing) => timing.status === 0);
    await platform.idle();
    const floorP99 = await floor(client.round, signedRound());
    const total = CONCURRENT * (ROUNDS + 1);
    const notices = new Map<string, number>();
    for (const response of slack.responses) {
      const text = String((response.body as { text?: unknown }).text ?? "").slice(0, 100);
      notices.set(text, (notices.get(text) ?? 0) + 1);
    }
    for (const [text, count] of notices) bench.log(`${count} x notice: ${text}`);
    return [
      judged(
        "Slack HTTP ack p99, 200 at once / floor",
        warm.p99 / floorP99,
        "x",
        atMost(HTTP_TARGET_RATIO),
        `${ROUNDS} rounds of ${CONCURRENT} signed /joke ${ROUND_SPACING_MS} ms apart, model 2 s, earlier calls in flight: ${warm.line}; the same client against a server that answers at once: p99 ${floorP99.toFixed(0)} ms`,
      ),
      informational("Slack HTTP ack p99, 200 at once", warm.p99, "ms"),
      judged(
        "Slack HTTP answers posted / commands acknowledged",
        slack.callsTo("chat.postMessage").length / acked,
        "x",
        atLeast(1),
        `${slack.callsTo("chat.postMessage").length} answers for ${acked} commands acknowledged with 200, of ${total} sent`,
      ),
      judged(
        "Slack HTTP commands answered with an HTTP error",
        refused,
        "requests",
        atMost(0),
        `${unsent.length} more got no response at all (${[...new Set(unsent.map((timing) => timing.error))].join(", ") || "none"}), counted apart: a connection error leaves no command to answer`,
      ),
    ];
  } finally {
    await client.close();
    await platform.stop();
    await runtime.close();
    await slack.close();
  }
}

/** Delivers `count` slash command envelopes at once; resolves with each one's ack time (ms). */
async function envelopeRound(slack: FakeSlack, round: number, count: number): Promise<number[]> {
  const sentAt = new Map<string, number>();
  for (let index = 0; index < count; index += 1) {
    const payload = slashCommandPayload({
      command: "/joke",
      text: `socket ${round}-${index}`,
      user: `U${round}S${index}`,
      responseUrl: slack.responseUrl(`socket-${round}-${index}`),
    });
    sentAt.set(slack.socket.deliver("slash_commands", payload), Date.now());
  }
  const acks = await Promise.all(
    [...sentAt.keys()].map((id) => slack.socket.waitForAck(id, 30_000)),
  );
  return acks.map((ack) => ack.at - (sentAt.get(ack.envelopeId) ?? Number.NaN));
}

/** A client that acks every envelope the moment it arrives: the Socket Mode floor. */
async function floorClient(slack: FakeSlack): Promise<WebSocket> {
  const socket = new WebSocket(slack.socket.url);
  socket.on("message", (data) => {
    const envelope = JSON.parse(String(data)) as { envelope_id?: string };
    if (envelope.envelope_id) socket.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return socket;
}

async function socketModeFigures(model: FakeOpenAI): Promise<Figure[]> {
  const slack = await startFakeSlack();
  const runtime = await createRuntime(slackRuntimeConfig(model, slack, true));
  const platform = await startSlack(runtime, { port: 0 });
  try {
    await slack.socket.waitForConnection();
    await envelopeRound(slack, 0, 10);
    await platform.idle();
    const acks: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      acks.push(...(await envelopeRound(slack, round, CONCURRENT)));
      await sleep(ROUND_SPACING_MS);
    }
    await platform.idle();
    await platform.stop();
    const floorSocket = await floorClient(slack);
    const floors: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      floors.push(...(await envelopeRound(slack, 100 + round, CONCURRENT)));
    }
    floorSocket.close();
    const ack = summarize(acks);
    const floorSummary = summarize(floors);
    return [
      judged(
        "Slack Socket Mode ack p99, 200 at once / floor",
        ack.p99 / Math.max(1, floorSummary.p99),
        "x",
        atMost(SOCKET_TARGET_RATIO),
        `${ROUNDS} rounds of ${CONCURRENT} slash command envelopes at once, model 2 s: p99 ${ack.p99.toFixed(0)} ms, p50 ${ack.p50.toFixed(0)} ms, from envelope sent to ack received (fake side); a client that acks on arrival: p99 ${floorSummary.p99.toFixed(0)} ms (ms resolution, at least 1)`,
      ),
      informational("Slack Socket Mode ack p99, 200 at once", ack.p99, "ms"),
    ];
  } finally {
    await platform.stop();
    await runtime.close();
    await slack.close();
  }
}

export async function run(bench: BenchContext): Promise<Figure[]> {
  const model = await startFakeOpenAI({ latencyMs: MODEL_LATENCY_MS });
  try {
    return [...(await httpFigures(bench, model)), ...(await socketModeFigures(model))];
  } finally {
    await model.close();
  }
}
