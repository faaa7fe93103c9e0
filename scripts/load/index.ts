/**
 * `npm run load`: a load and fault run against the real HTTP endpoints, not part of npm test.
 *
 * Two `vsbot discord --http` processes share one Redis of this script's own; a fake Discord
 * and a fake model (1 s per call; 5% of commands marked to fail) run in this process. 2,000
 * signed interactions (commands, and clicks on earlier answers) go out 100 at a time, over
 * 25 s at least, alternating between the two processes as a load balancer would. A quarter of the way in,
 * Redis is stopped for 10 s; halfway, one bot process is killed (SIGKILL), and requests meant
 * for it go to the survivor. Then two `vsbot slack` processes take 400 signed slash commands.
 * It prints what a user would have seen of every interaction.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { summarize } from "../../bench/stats.js";
import {
  type FakeDiscord,
  type RecordedDiscordRequest,
  startFakeDiscord,
} from "../../test/fakes/fake-discord.js";
import {
  buttonClick,
  type PayloadContext,
  slashCommand,
} from "../../test/fakes/fake-discord-payloads.js";
import {
  createSigningKeys,
  nowSeconds,
  type SigningKeys,
  signBody,
} from "../../test/fakes/fake-discord-signing.js";
import {
  DEFAULT_CANDIDATES,
  type FakeOpenAI,
  startFakeOpenAI,
  vsJson,
} from "../../test/fakes/fake-openai-server.js";
import { startFakeSlack } from "../../test/fakes/fake-slack.js";
import { slackSignature, slashCommandRequest } from "../../test/fakes/fake-slack-requests.js";
import { type BotProcess, startBotProcess } from "../../test/helpers/bot-process.js";
import { OwnRedis } from "./own-redis.js";
import { peakRssMb } from "./process-memory.js";
import { Senders } from "./senders.js";

const INTERACTIONS = 2000;
const CONCURRENCY = 100;
const MODEL_LATENCY_MS = 1000;
const FAILURE_SHARE = 0.05;
const REDIS_OUTAGE_MS = 10_000;
/** The Discord interactions are spread over at least this long (80 a second at most). */
const OFFER_MS = 25_000;
const SLACK_COMMANDS = 400;
const SLACK_CONCURRENCY = 50;
/** Every request ends within VSBOT_REQUEST_TIMEOUT; replies may still queue at the REST client. */
const REQUEST_TIMEOUT_MS = 15_000;
const SETTLE_MS = 120_000;
const TOKEN = "load-bot-token";
const FAIL_MARK = "FAIL-";
/** How the bot words a failure of the model server (translate-error.ts). */
const MODEL_ERROR = /model server had an error/;
/** Where the lost interactions are written, with their requests and log lines. */
const LOST_FILE = join(tmpdir(), "vsbot-load-lost.json");

/** A small seeded generator, so every run sends the same mix. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function fakeModel(): Promise<FakeOpenAI> {
  let calls = 0;
  return startFakeOpenAI().then((model) => {
    model.respondWith((request) => {
      calls += 1;
      // New candidates on every call, so a click that asks for more gets something new.
      const candidates = DEFAULT_CANDIDATES.map(
        ([text, probability]) => [`${text} (#${calls})`, probability] as const,
      );
      return JSON.stringify(request.body.messages).includes(FAIL_MARK)
        ? { status: 500, delayMs: MODEL_LATENCY_MS }
        : { content: vsJson(candidates), delayMs: MODEL_LATENCY_MS };
    });
    return model;
  });
}

function botEnvironment(redisPort: number, model: FakeOpenAI): Record<string, string> {
  return {
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "load-key",
    VSBOT_MODEL_RETRIES: "0",
    VSBOT_STORE_URL: `redis://127.0.0.1:${redisPort}/10`,
    VSBOT_USER_RATE_LIMIT: "off",
    VSBOT_REQUEST_TIMEOUT: `${REQUEST_TIMEOUT_MS}ms`,
    VSBOT_LOG_LEVEL: "info",
  };
}

interface Sent {
  readonly id: string;
  readonly token: string;
  readonly kind: "command" | "click";
  readonly fails: boolean;
  /** Which process acknowledged it, and when (ms since the start). */
  ackedBy?: number;
  sentAt?: number;
  ackedAt?: number;
  ackMs?: number;
  refused?: string;
}

/** The interaction token in a webhook or callback path: /webhooks/<app>/<token>/..., /interactions/<id>/<token>/callback. */
function tokenOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[1] === "webhooks" || parts[1] === "interactions") return parts[3];
  return undefined;
}

function isAnswer(request: RecordedDiscordRequest): boolean {
  return request.method === "PATCH" && typeof request.body?.content === "string";
}

function isErrorNotice(request: RecordedDiscordRequest): boolean {
  return (
    request.method === "POST" && request.body?.flags === 64 && !request.path.includes("/callback")
  );
}

const senders = new Senders();

async function postRaw(
  port: number,
  keys: SigningKeys,
  body: string,
): Promise<{ status: number; ms: number }> {
  const timestamp = nowSeconds();
  const result = await senders.send(
    `http://127.0.0.1:${port}/interactions`,
    {
      "content-type": "application/json",
      "x-signature-ed25519": signBody(keys, timestamp, body),
      "x-signature-timestamp": timestamp,
    },
    body,
  );
  if (result.error !== undefined) throw new Error(result.error);
  return result;
}

async function discordPhase(redis: OwnRedis, model: FakeOpenAI): Promise<void> {
  const discord: FakeDiscord = await startFakeDiscord({
    token: TOKEN,
    strictInteractions: false,
    echoMessages: false,
  });
  const keys = createSigningKeys();
  const env = {
    ...botEnvironment(redis.port, model),
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
  };
  const bots: BotProcess[] = [
    startBotProcess(["discord", "--http", "--port", "0"], env),
    startBotProcess(["discord", "--http", "--port", "0"], env),
  ];
  const ports = await Promise.all(
    bots.map(async (bot) => Number((await bot.waitForLog("discord.http_listening")).port)),
  );
  const alive = [true, true];
  const peaks = [0, 0];
  const notePeaks = () =>
    bots.forEach((bot, index) => {
      const peak = peakRssMb(bot.child.pid);
      if (Number.isFinite(peak)) peaks[index] = Math.max(peaks[index] ?? 0, peak);
    });
  const sampler = setInterval(notePeaks, 250);

  const random = seeded(20_251_008);
  const sent: Sent[] = [];
  const buttons: string[] = [];
  let next = 0;
  let killedAt = Number.NaN;
  let rerouted = 0;
  const started = performance.now();
  const since = () => performance.now() - started;

  const one = async (index: number): Promise<void> => {
    const user = String(500_000_000_000_000_000n + BigInt(index));
    const context: PayloadContext = {
      applicationId: discord.applicationId,
      guildId: "300000000000000001",
      channelId: "300000000000000002",
      userId: user,
    };
    const click = buttons.length > 0 && random() < 0.3;
    const fails = !click && random() < FAILURE_SHARE;
    const interaction = click
      ? buttonClick(context, buttons[Math.floor(random() * buttons.length)] ?? "")
      : slashCommand(context, "joke", {
          topic: fails ? `${FAIL_MARK}${index}` : `topic ${index % 50}`,
        });
    const record: Sent = {
      id: interaction.id,
      token: interaction.token,
      kind: click ? "click" : "command",
      fails,
    };
    sent.push(record);
    const body = JSON.stringify(interaction);
    let target = index % 2;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!alive[target]) {
        target = 1 - target;
        rerouted += 1;
      }
      try {
        const sentAt = since();
        const answer = await postRaw(ports[target] ?? 0, keys, body);
        record.sentAt = sentAt;
        record.ackMs = answer.ms;
        if (answer.status === 200) {
          record.ackedBy = target;
          record.ackedAt = since();
        } else {
          record.refused = String(answer.status);
        }
        return;
      } catch (error) {
        // The process died under this request: a balancer sends it to the other one.
        alive[target] = false;
        record.refused = error instanceof Error ? error.message : String(error);
      }
    }
  };

  const redisDown = (async () => {
    while (next < INTERACTIONS / 4) await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(
      `[${(since() / 1000).toFixed(1)} s] stopping Redis for ${REDIS_OUTAGE_MS / 1000} s`,
    );
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, REDIS_OUTAGE_MS));
    await redis.start();
    console.log(`[${(since() / 1000).toFixed(1)} s] Redis is back`);
  })();
  const killOne = (async () => {
    while (next < INTERACTIONS / 2) await new Promise((resolve) => setTimeout(resolve, 50));
    notePeaks();
    alive[1] = false;
    killedAt = since();
    bots[1]?.child.kill("SIGKILL");
    console.log(`[${(killedAt / 1000).toFixed(1)} s] killed bot process 2 (SIGKILL)`);
  })();
  // What the fake Discord received, grouped by interaction token as it comes: the requests
  // are scanned once each, so the bookkeeping stays light while the load runs.
  const byToken = new Map<string, RecordedDiscordRequest[]>();
  const buttonSet = new Set<string>();
  let scanned = 0;
  const scan = () => {
    for (; scanned < discord.requests.length; scanned++) {
      const request = discord.requests[scanned];
      if (!request) continue;
      const token = tokenOf(request.path);
      if (token !== undefined) {
        const list = byToken.get(token);
        if (list) list.push(request);
        else byToken.set(token, [request]);
      }
      const id = isAnswer(request)
        ? request.body.components?.[0]?.components?.[0]?.custom_id
        : undefined;
      if (typeof id === "string" && buttons.length < 500 && !buttonSet.has(id)) {
        buttonSet.add(id);
        buttons.push(id);
      }
    }
  };
  const collectButtons = setInterval(scan, 500);

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < INTERACTIONS) {
        const index = next++;
        // No interaction goes out before its turn, so the run lasts well past the Redis
        // outage however fast the bot answers: requests that fail at once while Redis is
        // down would otherwise use up the whole run inside it.
        const due = (index / INTERACTIONS) * OFFER_MS - since();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        await one(index);
      }
    }),
  );
  await Promise.all([redisDown, killOne]);
  clearInterval(collectButtons);
  const sentAt = since();

  // Every acknowledged interaction gets its answer or its error, or is counted lost. What
  // the killed process acknowledged and never finished is its in-flight work, counted apart:
  // a process that is gone acknowledges nothing, so that is everything it acked and left.
  const outcomeOf = (token: string) => {
    const requests = byToken.get(token) ?? [];
    const notices = requests.filter(isErrorNotice);
    return {
      answers: requests.filter(isAnswer).length,
      answerEdits: requests.filter(
        (request) =>
          isAnswer(request) &&
          Array.isArray(request.body.components) &&
          request.body.components.length > 0,
      ).length,
      errors: notices.length,
      errorText: String(notices[0]?.body.content ?? ""),
      requests,
    };
  };
  const finished = (item: Sent) => {
    const outcome = outcomeOf(item.token);
    return outcome.answers + outcome.errors > 0;
  };
  const settled = () => {
    scan();
    return sent.every((item) => item.ackedBy === undefined || item.ackedBy === 1 || finished(item));
  };
  const settleStarted = performance.now();
  while (!settled() && performance.now() - settleStarted < SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const drainedIn = (performance.now() - settleStarted) / 1000;
  scan();
  notePeaks();
  clearInterval(sampler);

  let answers = 0;
  let errors = 0;
  let lost = 0;
  let killedInFlight = 0;
  let duplicated = 0;
  const injected = { total: 0, modelError: 0, otherError: 0, answered: 0, lost: 0 };
  const errorTexts = new Map<string, number>();
  const lostItems: unknown[] = [];
  for (const item of sent) {
    if (item.ackedBy === undefined) continue;
    const outcome = outcomeOf(item.token);
    if (outcome.answerEdits > 1 || (outcome.answerEdits > 0 && outcome.errors > 0)) duplicated += 1;
    const done = outcome.answers + outcome.errors > 0;
    if (!done && item.ackedBy === 1) {
      killedInFlight += 1;
      continue;
    }
    if (item.fails) {
      injected.total += 1;
      if (outcome.errors > 0 && MODEL_ERROR.test(outcome.errorText)) injected.modelError += 1;
      else if (outcome.errors > 0) injected.otherError += 1;
      else if (outcome.answers > 0) injected.answered += 1;
      else injected.lost += 1;
    }
    if (outcome.errors > 0) {
      errors += 1;
      errorTexts.set(outcome.errorText, (errorTexts.get(outcome.errorText) ?? 0) + 1);
    } else if (outcome.answers > 0) {
      answers += 1;
    } else {
      lost += 1;
      lostItems.push({
        ...item,
        requests: outcome.requests.map((request) => ({
          method: request.method,
          path: request.path,
          status: request.status(),
        })),
        logs: bots.flatMap((bot, index) =>
          bot.logs
            .filter((line) => JSON.stringify(line).includes(item.id))
            .map((line) => ({ process: index + 1, ...line })),
        ),
      });
    }
  }
  if (lostItems.length > 0) {
    writeFileSync(LOST_FILE, `${JSON.stringify(lostItems, null, 2)}\n`);
  }
  const acked = sent.filter((item) => item.ackedBy !== undefined);
  const ack = summarize(acked.map((item) => item.ackMs ?? 0));
  const refused = sent.filter((item) => item.ackedBy === undefined);
  console.log("\n== Discord HTTP: 2 processes, one Redis ==");
  console.log(
    `requests            ${sent.length} (${sent.filter((item) => item.kind === "click").length} clicks), sent in ${(sentAt / 1000).toFixed(1)} s`,
  );
  console.log(
    `acks                ${acked.length} (refused or failed: ${refused.length}; sent to the survivor after the kill: ${rerouted})`,
  );
  console.log(`answers             ${answers}`);
  console.log(`user-visible errors ${errors}`);
  for (const [text, count] of errorTexts) console.log(`    ${count} x ${text}`);
  console.log(
    `injected failures   ${injected.total}, shown to their user as an error: ${injected.modelError + injected.otherError} (${injected.modelError} as the model's error, ${injected.otherError} as another error met first); answered instead: ${injected.answered}; lost: ${injected.lost}`,
  );
  console.log(
    `lost                ${lost} (replies all out ${drainedIn.toFixed(1)} s after the last request)${lost > 0 ? `; each lost one is in ${LOST_FILE}` : ""}`,
  );
  console.log(
    `killed in flight    ${killedInFlight} (acked by the killed process, never finished)`,
  );
  console.log(`duplicated          ${duplicated}`);
  console.log(
    `ack p50 / p99       ${ack.p50.toFixed(1)} ms / ${ack.p99.toFixed(1)} ms (max ${ack.max.toFixed(1)} ms)`,
  );
  const slow = acked.filter((item) => (item.ackMs ?? 0) > 100);
  if (slow.length > 0) {
    const bySecond = new Map<number, number>();
    for (const item of slow) {
      const second = Math.floor((item.sentAt ?? 0) / 1000);
      bySecond.set(second, (bySecond.get(second) ?? 0) + 1);
    }
    console.log(
      `acks over 100 ms   ${slow.length}, by the second they were sent in: ${[...bySecond]
        .sort(([left], [right]) => left - right)
        .map(([second, count]) => `${second} s: ${count}`)
        .join(", ")}`,
    );
  }
  console.log(`peak RSS            process 1: ${peaks[0]} MB, process 2: ${peaks[1]} MB (killed)`);
  for (const refusal of new Set(refused.map((item) => item.refused)))
    console.log(`    refused: ${refusal}`);

  bots[0]?.child.kill("SIGTERM");
  await bots[0]?.exited;
  await discord.close();
}

async function slackPhase(redis: OwnRedis, model: FakeOpenAI): Promise<void> {
  const slack = await startFakeSlack();
  const secret = "load-signing-secret-0123456789abcdef";
  const env = {
    ...botEnvironment(redis.port, model),
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.apiUrl,
  };
  const bots = [
    startBotProcess(["slack", "--port", "0"], env),
    startBotProcess(["slack", "--port", "0"], env),
  ];
  const ports = await Promise.all(
    bots.map(async (bot) => Number((await bot.waitForLog("slack.started")).port)),
  );
  const peaks = [0, 0];
  const sampler = setInterval(
    () =>
      bots.forEach((bot, index) => {
        const peak = peakRssMb(bot.child.pid);
        if (Number.isFinite(peak)) peaks[index] = Math.max(peaks[index] ?? 0, peak);
      }),
    250,
  );
  const random = seeded(7);
  const acks: number[] = [];
  const expected: { readonly hook: string; readonly fails: boolean }[] = [];
  let next = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: SLACK_CONCURRENCY }, async () => {
      while (next < SLACK_COMMANDS) {
        const index = next++;
        const fails = random() < FAILURE_SHARE;
        const hook = `load-${index}`;
        const request = slashCommandRequest({
          command: "/joke",
          text: fails ? `${FAIL_MARK}${index}` : `topic ${index}`,
          responseUrl: slack.responseUrl(hook),
          user: `U0LOAD${index}`,
          channel: `C0LOAD${index}`,
        });
        const timestamp = Math.floor(Date.now() / 1000);
        const answer = await senders.send(
          `http://127.0.0.1:${ports[index % 2]}/slack/events`,
          {
            "content-type": request.contentType,
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": slackSignature(secret, timestamp, request.body),
          },
          request.body,
        );
        if (answer.status === 200) {
          acks.push(answer.ms);
          expected.push({ hook, fails });
        } else {
          refused += 1;
        }
      }
    }),
  );
  const outcome = () => {
    const posts = slack.callsTo("chat.postMessage");
    let answered = 0;
    let errors = 0;
    let duplicated = 0;
    let lost = 0;
    let injectedShown = 0;
    for (let index = 0; index < SLACK_COMMANDS; index++) {
      const item = expected.find((candidate) => candidate.hook === `load-${index}`);
      if (!item) continue;
      const channelPosts = posts.filter((post) => post.args.channel === `C0LOAD${index}`).length;
      const notices = slack.responses.filter((response) => response.id === item.hook).length;
      if (channelPosts > 1 || (channelPosts > 0 && notices > 0)) duplicated += 1;
      if (notices > 0) {
        errors += 1;
        if (item.fails) injectedShown += 1;
      } else if (channelPosts > 0) answered += 1;
      else lost += 1;
    }
    return { answered, errors, duplicated, lost, injectedShown };
  };
  const settleStarted = performance.now();
  while (outcome().lost > 0 && performance.now() - settleStarted < SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  clearInterval(sampler);
  const result = outcome();
  const ack = summarize(acks);
  console.log("\n== Slack HTTP: 2 processes, the same Redis ==");
  console.log(`requests            ${SLACK_COMMANDS}`);
  console.log(`acks                ${acks.length} (refused: ${refused})`);
  console.log(`answers             ${result.answered}`);
  console.log(`user-visible errors ${result.errors}`);
  console.log(
    `injected failures   ${expected.filter((item) => item.fails).length}, shown to their user as an error: ${result.injectedShown}`,
  );
  console.log(`lost                ${result.lost}`);
  console.log(`duplicated          ${result.duplicated}`);
  console.log(
    `ack p50 / p99       ${ack.p50.toFixed(1)} ms / ${ack.p99.toFixed(1)} ms (max ${ack.max.toFixed(1)} ms)`,
  );
  console.log(`peak RSS            process 1: ${peaks[0]} MB, process 2: ${peaks[1]} MB`);
  for (const bot of bots) bot.child.kill("SIGTERM");
  await Promise.all(bots.map((bot) => bot.exited));
  await slack.close();
}

async function main(): Promise<void> {
  const redis = new OwnRedis(6390 + Math.floor(Math.random() * 500));
  await redis.start();
  const model = await fakeModel();
  try {
    await discordPhase(redis, model);
    await slackPhase(redis, model);
  } finally {
    await senders.close();
    await model.close();
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
