import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type FakeDiscord, startFakeDiscord } from "../test/fakes/fake-discord.js";
import { type PayloadContext, slashCommand } from "../test/fakes/fake-discord-payloads.js";
import {
  createSigningKeys,
  nowSeconds,
  type SigningKeys,
  signBody,
} from "../test/fakes/fake-discord-signing.js";
import { type BotProcess, startBot, startModelProcess } from "./bot-process.js";
import { atMost, type BenchContext, type Figure, informational, judged } from "./figures.js";
import { summarize } from "./stats.js";

/**
 * Time from an interaction reaching vsbot to its deferral, with 200 interactions at once while
 * the (fake) model takes 2 s for each. The bot runs as it would in production: `vsbot discord`
 * in its own process, against a fake Discord and a fake model in this one. Two figures each:
 *
 * - HTTP endpoint, client side: from writing the signed POST on an open connection (Discord
 *   keeps them alive) to the first byte of the deferral, which is the HTTP response. This is
 *   what Discord waits on, so it is the honest figure; it includes the network, signature
 *   checks and queueing behind the other 199. Raw sockets keep the load generator's own cost
 *   out of the figure.
 * - Gateway, fake side: from the fake gateway writing INTERACTION_CREATE to the fake REST
 *   receiving the deferral callback.
 * - Bot side (both): from the handler getting the interaction to the deferral written (HTTP)
 *   or acknowledged by the REST API (gateway), from the bot's debug log.
 *
 * Each is held against a floor measured in the same run, so the machine's load cancels out:
 * for HTTP the same client against a server that answers at once, for the gateway a bot that
 * does nothing but defer (fixtures/gateway-floor.mjs).
 */
const CONCURRENT = 200;
const WARM_UP = 10;
const MODEL_LATENCY_MS = 2000;
/**
 * The bot parses, verifies and schedules each interaction (and starts its model call) while
 * the others wait; the floors do none of that. At this machine's floors (30-80 ms for 200 at
 * once) these bounds put p99 near 1 s, a third of Discord's 3 s window.
 */
const HTTP_TARGET_RATIO = 30;
const GATEWAY_TARGET_RATIO = 12;
const FLOOR_BOT = fileURLToPath(new URL("./fixtures/gateway-floor.mjs", import.meta.url));
const TOKEN = "bench-bot-token";

function botEnvironment(
  discord: FakeDiscord,
  modelURL: string,
  publicKey: string,
): Record<string, string> {
  return {
    OPENAI_BASE_URL: modelURL,
    OPENAI_API_KEY: "bench-key",
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "debug",
    VSBOT_MODEL_RETRIES: "0",
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_PUBLIC_KEY: publicKey,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
  };
}

function isEdit(request: { method: string; path: string }): boolean {
  return request.method === "PATCH" && request.path.endsWith("/messages/@original");
}

/** Each interaction from its own user, as 200 people at once would be (and not rate-limited). */
function contextFor(discord: FakeDiscord, user: number): PayloadContext {
  return {
    applicationId: discord.applicationId,
    guildId: "300000000000000001",
    channelId: "300000000000000002",
    userId: String(500000000000000000n + BigInt(user)),
  };
}

/** One open keep-alive connection, as Discord keeps to an endpoint, sending signed requests. */
interface Connection {
  /** Sends a request made by `signedRequest`; resolves with the ms to the response's first byte. */
  post(request: string): Promise<number>;
  close(): void;
}

/** A signed POST /interactions, as raw HTTP/1.1, made before the clock starts. */
function signedRequest(keys: SigningKeys, body: string): string {
  const timestamp = nowSeconds();
  return [
    "POST /interactions HTTP/1.1",
    "Host: 127.0.0.1",
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Signature-Ed25519: ${signBody(keys, timestamp, body)}`,
    `X-Signature-Timestamp: ${timestamp}`,
    "",
    body,
  ].join("\r\n");
}

async function openConnection(port: number): Promise<Connection> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened = connect(port, "127.0.0.1", () => resolve(opened));
    opened.once("error", reject);
  });
  socket.setNoDelay(true);
  return {
    post: (request) =>
      new Promise((resolve, reject) => {
        let received = "";
        let firstByteMs = 0;
        const onData = (chunk: Buffer) => {
          if (received.length === 0) firstByteMs = performance.now() - sentAt;
          received += chunk.toString("utf8");
          const headerEnd = received.indexOf("\r\n\r\n");
          const length = Number(/content-length: (\d+)/i.exec(received)?.[1] ?? Number.NaN);
          if (headerEnd === -1 || received.length < headerEnd + 4 + length) return;
          socket.off("data", onData);
          if (!received.startsWith("HTTP/1.1 200")) {
            reject(new Error(`the endpoint answered ${received.split("\r\n")[0]}`));
          } else if (!received.slice(headerEnd + 4).includes('"type":5')) {
            reject(new Error(`not a deferral: ${received.slice(headerEnd + 4)}`));
          } else {
            resolve(firstByteMs);
          }
        };
        socket.on("data", onData);
        const sentAt = performance.now();
        socket.write(request);
      }),
    close: () => socket.destroy(),
  };
}

/** What the same raw-socket client sees from a server that answers every POST at once. */
async function floorP99(requests: readonly string[]): Promise<number> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const body = '{"type":5}';
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": body.length,
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const connections: Connection[] = [];
  try {
    for (let index = 0; index < requests.length; index++) {
      connections.push(await openConnection(port));
    }
    const send = () =>
      Promise.all(requests.map((request, index) => connections[index]?.post(request) ?? 0));
    await send();
    return summarize(await send()).p99;
  } finally {
    for (const connection of connections) connection.close();
    server.closeAllConnections();
    server.close();
  }
}

async function benchHttp(modelURL: string): Promise<Figure[]> {
  const keys = createSigningKeys();
  const discord = await startFakeDiscord({ token: TOKEN, strictInteractions: false });
  const bot = await startBot(
    ["discord", "--http", "--port", "0"],
    botEnvironment(discord, modelURL, keys.publicKeyHex),
  );
  const connections: Connection[] = [];
  try {
    const listening = await bot.waitForLog("discord.http_listening");
    const port = Number(listening.port);
    for (let index = 0; index < CONCURRENT; index++) connections.push(await openConnection(port));
    const bodies = (first: number, count: number) =>
      Array.from({ length: count }, (_, index) =>
        slashCommand(contextFor(discord, first + index), "joke"),
      );
    const warmUp = bodies(CONCURRENT, WARM_UP);
    await Promise.all(
      warmUp.map((interaction, index) =>
        connections[index]?.post(signedRequest(keys, JSON.stringify(interaction))),
      ),
    );
    await discord.waitForRequests(isEdit, WARM_UP, 30_000);
    discord.reset();
    const measured = bodies(0, CONCURRENT);
    const requests = measured.map((interaction) =>
      signedRequest(keys, JSON.stringify(interaction)),
    );
    const deferrals = await Promise.all(
      requests.map(
        (request, index) => connections[index]?.post(request) ?? Promise.resolve(Number.NaN),
      ),
    );
    await discord.waitForRequests(isEdit, CONCURRENT, 60_000);
    const botSide = summarize(
      await bot.deferralTimes(measured.map((interaction) => interaction.id)),
    );
    const floor = await floorP99(requests);
    return [
      judged(
        "HTTP deferral p99, 200 at once / floor",
        summarize(deferrals).p99 / floor,
        "x",
        atMost(HTTP_TARGET_RATIO),
        `signed POST written to the deferral's first byte, client side, model busy 2 s: p99 ${summarize(deferrals).p99.toFixed(0)} ms (bot side ${botSide.p99.toFixed(0)} ms) against ${floor.toFixed(0)} ms for the same client and a server that answers at once`,
      ),
      informational("HTTP deferral p99, 200 at once", summarize(deferrals).p99, "ms"),
    ];
  } finally {
    for (const connection of connections) connection.close();
    await bot.stop();
    await discord.close();
  }
}

/** Runs the floor bot (fixtures/gateway-floor.mjs) against `discord` until stopped. */
async function startFloorBot(discord: FakeDiscord): Promise<() => void> {
  const child = spawn(
    process.execPath,
    [FLOOR_BOT, discord.gatewayUrl, discord.apiBaseUrl, TOKEN],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line === "ready") resolve();
    });
    child.once("exit", (code) => reject(new Error(`the floor bot exited with ${code}`)));
  });
  return () => child.stdin.end();
}

async function burst(discord: FakeDiscord, bot: BotProcess | null, first: number, count: number) {
  const interactions = Array.from({ length: count }, (_, index) =>
    slashCommand(contextFor(discord, first + index), "joke"),
  );
  const sentAt = new Map(
    interactions.map((interaction) => [interaction.id, discord.dispatchInteraction(interaction)]),
  );
  const callbacks = await discord.waitForRequests(
    (request) => request.path.endsWith("/callback"),
    count,
    30_000,
  );
  if (bot) await discord.waitForRequests(isEdit, count, 60_000);
  const latencies = callbacks.map((callback) => {
    const id = callback.path.split("/")[2] ?? "";
    return callback.at - (sentAt.get(id) ?? Number.NaN);
  });
  const botSide = bot
    ? await bot.deferralTimes(interactions.map((interaction) => interaction.id))
    : [];
  return { fakeSide: summarize(latencies), botSide: summarize(botSide) };
}

async function benchGateway(modelURL: string): Promise<Figure[]> {
  const discord = await startFakeDiscord({ token: TOKEN });
  const bot = await startBot(
    ["discord"],
    botEnvironment(discord, modelURL, createSigningKeys().publicKeyHex),
  );
  try {
    await bot.waitForLog("discord.gateway_ready");
    await burst(discord, bot, 10_000, WARM_UP);
    // The first burst opens the bot's REST connections; a running bot has them from earlier
    // traffic, so the second burst shows the steady state.
    discord.reset();
    const first = await burst(discord, bot, 0, CONCURRENT);
    discord.reset();
    const second = await burst(discord, bot, CONCURRENT, CONCURRENT);
    await bot.stop();
    const stopFloor = await startFloorBot(discord);
    discord.reset();
    await burst(discord, null, 20_000, CONCURRENT);
    discord.reset();
    const floor = await burst(discord, null, 30_000, CONCURRENT);
    stopFloor();
    const ratio = second.fakeSide.p99 / floor.fakeSide.p99;
    return [
      judged(
        "gateway deferral p99, 200 at once / floor",
        ratio,
        "x",
        atMost(GATEWAY_TARGET_RATIO),
        `INTERACTION_CREATE written to the callback received (fake side), connections kept alive, model busy 2 s: p99 ${second.fakeSide.p99.toFixed(0)} ms (bot side ${second.botSide.p99.toFixed(0)} ms) against ${floor.fakeSide.p99.toFixed(0)} ms for a bot that only defers (fixtures/gateway-floor.mjs)`,
      ),
      informational("gateway deferral p99, 200 at once", second.fakeSide.p99, "ms"),
      informational(
        "gateway deferral p99, first burst on new connections",
        first.fakeSide.p99,
        "ms",
      ),
    ];
  } finally {
    await bot.stop();
    await discord.close();
  }
}

export async function run(bench: BenchContext): Promise<Figure[]> {
  const model = await startModelProcess(MODEL_LATENCY_MS);
  bench.log(
    `${CONCURRENT} concurrent /joke interactions, fake model ${MODEL_LATENCY_MS} ms each, after ${WARM_UP} warm-up ones`,
  );
  try {
    return [...(await benchHttp(model.baseURL)), ...(await benchGateway(model.baseURL))];
  } finally {
    await model.close();
  }
}
