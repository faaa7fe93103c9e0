import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type FakeDiscord, startFakeDiscord } from "../test/fakes/fake-discord.js";
import { type PayloadContext, slashCommand } from "../test/fakes/fake-discord-payloads.js";
import type { FakeRateLimits } from "../test/fakes/fake-discord-rate-limits.js";
import { startBot, startModelProcess } from "./bot-process.js";
import {
  atLeast,
  atMost,
  type BenchContext,
  type Figure,
  informational,
  judged,
} from "./figures.js";
import { percentile } from "./stats.js";

/**
 * Discord answers per second under load: 600 /joke interactions offered over the gateway at
 * 300 a second, from 600 users, to `vsbot discord` in its own process, with a fake model that
 * answers at once (also in its own process). The fake Discord applies rate limits as Discord
 * does: each interaction's routes are a bucket of 5 per second, every 40th request draws a
 * 429 it was not warned of, and bot-token calls are held to 50 a second overall. An answer is
 * delivered when the edit of the deferred reply succeeds.
 *
 * The issue asks for 150 answers a second or more. How many a second this machine lets any
 * bot deliver depends on what else it runs, so the same 600 are then offered, at the same
 * rate and through the same fake Discord, to a floor bot that defers and edits with a fixed
 * text and nothing else (fixtures/gateway-floor.mjs). vsbot is held to half the floor's
 * rate (on a machine where the floor keeps up with the 300/s offered, that is the issue's
 * 150/s), and its CPU per answer to what one core can spend on each at 150 a second.
 */
const OFFERED = 600;
const OFFERED_PER_SECOND = 300;
const WARM_UP = 20;
const TOKEN = "bench-bot-token";
const FLOOR_BOT = fileURLToPath(new URL("./fixtures/gateway-floor.mjs", import.meta.url));
/** The answers per second the issue asks for. */
const WANTED_PER_SECOND = 150;
const RATE_LIMITS: FakeRateLimits = {
  perRoute: 5,
  windowMs: 1000,
  surpriseEvery: 40,
  surpriseRetryAfterMs: 100,
  globalPerSecond: 50,
};

function contextFor(discord: FakeDiscord, user: number): PayloadContext {
  return {
    applicationId: discord.applicationId,
    guildId: "300000000000000001",
    channelId: "300000000000000002",
    userId: String(500000000000000000n + BigInt(user)),
  };
}

function isEdit(request: { method: string; path: string }): boolean {
  return request.method === "PATCH" && request.path.endsWith("/messages/@original");
}

/** Arrival time of each interaction's first successful edit, by token. */
function deliveredAt(discord: FakeDiscord): Map<string, number> {
  const delivered = new Map<string, number>();
  for (const request of discord.requests) {
    if (!isEdit(request) || request.status() !== 200) continue;
    const token = request.path.split("/")[3] ?? "";
    if (!delivered.has(token)) delivered.set(token, request.at);
  }
  return delivered;
}

async function waitForAnswers(discord: FakeDiscord, count: number, timeoutMs: number) {
  const giveUpAt = performance.now() + timeoutMs;
  for (;;) {
    const delivered = deliveredAt(discord);
    if (delivered.size >= count || performance.now() > giveUpAt) return delivered;
    await sleep(50);
  }
}

interface Offered {
  readonly delivered: Map<string, number>;
  readonly perSecond: number;
  readonly offerSeconds: number;
  readonly lastAfterSeconds: number;
  readonly lags: number[];
}

/** Offers OFFERED /joke at OFFERED_PER_SECOND to whatever bot is connected; waits for the edits. */
async function offer(discord: FakeDiscord, firstUser: number): Promise<Offered> {
  const offeredAt = new Map<string, number>();
  const startedAt = performance.now();
  let offered = 0;
  while (offered < OFFERED) {
    const due = Math.min(
      OFFERED,
      Math.floor(((performance.now() - startedAt) / 1000) * OFFERED_PER_SECOND) + 1,
    );
    for (; offered < due; offered += 1) {
      const interaction = slashCommand(contextFor(discord, firstUser + offered), "joke");
      offeredAt.set(interaction.token, discord.dispatchInteraction(interaction));
    }
    await sleep(5);
  }
  const offerSeconds = (performance.now() - startedAt) / 1000;
  const delivered = await waitForAnswers(discord, OFFERED, 60_000);
  const lastAt = Math.max(...delivered.values());
  const firstOfferAt = Math.min(...offeredAt.values());
  const lags = [...delivered]
    .map(([token, at]) => at - (offeredAt.get(token) ?? Number.NaN))
    .sort((left, right) => left - right);
  return {
    delivered,
    perSecond: delivered.size / ((lastAt - firstOfferAt) / 1000),
    offerSeconds,
    lastAfterSeconds: (lastAt - firstOfferAt) / 1000,
    lags,
  };
}

/** Runs the floor bot (fixtures/gateway-floor.mjs, editing) against `discord` until stopped. */
async function startFloorBot(discord: FakeDiscord): Promise<() => void> {
  const child = spawn(
    process.execPath,
    [FLOOR_BOT, discord.gatewayUrl, discord.apiBaseUrl, TOKEN, "edit"],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line === "ready") resolve();
    });
    child.once("exit", (code) => reject(new Error(`the floor bot exited with ${code}`)));
  });
  return () => child.stdin.end();
}

export async function run(bench: BenchContext): Promise<Figure[]> {
  const model = await startModelProcess(0);
  const discord = await startFakeDiscord({ token: TOKEN, rateLimits: RATE_LIMITS });
  const bot = await startBot(["discord"], {
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "bench-key",
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "warn",
    VSBOT_MODEL_RETRIES: "0",
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
  }).catch(async (error: unknown) => {
    await discord.close();
    await model.close();
    throw error;
  });
  let botStopped = false;
  try {
    await discord.waitForSession(1, 30_000);
    for (let user = 0; user < WARM_UP; user += 1) {
      discord.dispatchInteraction(slashCommand(contextFor(discord, OFFERED + user), "joke"));
    }
    await discord.waitForRequests(isEdit, WARM_UP, 30_000);
    discord.reset();

    const loadBefore = loadavg()[0] ?? Number.NaN;
    const cpuBefore = bot.cpuMs();
    const ownCpuBefore = process.cpuUsage();
    const measured = await offer(discord, 0);
    const botCpuMs = bot.cpuMs() - cpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const limits = discord.rateLimitStats();
    await bot.stop();
    botStopped = true;

    const stopFloor = await startFloorBot(discord);
    let floor: Offered;
    try {
      for (let user = 0; user < WARM_UP; user += 1) {
        discord.dispatchInteraction(slashCommand(contextFor(discord, 3 * OFFERED + user), "joke"));
      }
      await discord.waitForRequests(isEdit, WARM_UP, 30_000);
      discord.reset();
      floor = await offer(discord, 2 * OFFERED);
    } finally {
      stopFloor();
    }
    const load = `load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? Number.NaN).toFixed(2)} after`;
    bench.log(
      `bot CPU ${botCpuMs.toFixed(0)} ms, this process (fake Discord) ${((ownCpu.user + ownCpu.system) / 1000).toFixed(0)} ms; ${load}`,
    );
    bench.log(
      `vsbot: offered ${OFFERED} in ${measured.offerSeconds.toFixed(2)} s; ${measured.delivered.size} answered, the last ${measured.lastAfterSeconds.toFixed(2)} s after the first offer`,
    );
    bench.log(
      `floor: offered ${OFFERED} in ${floor.offerSeconds.toFixed(2)} s; ${floor.delivered.size} answered, the last ${floor.lastAfterSeconds.toFixed(2)} s after the first offer`,
    );
    return [
      judged(
        "Discord answers per second / floor's, 300/s offered",
        measured.perSecond / floor.perSecond,
        "x",
        atLeast(WANTED_PER_SECOND / OFFERED_PER_SECOND),
        `vsbot ${measured.perSecond.toFixed(0)}/s against ${floor.perSecond.toFixed(0)}/s for a bot that only defers and edits, the same ${OFFERED} offered the same way in the same run; ${load}`,
      ),
      informational(
        "Discord answers delivered per second, 300/s offered",
        measured.perSecond,
        "/s",
        `${OFFERED} /joke over the gateway at ${OFFERED_PER_SECOND}/s (offered in ${measured.offerSeconds.toFixed(2)} s), 0 ms model; answers / (last edit - first offer); the issue asks ${WANTED_PER_SECOND}/s; @discordjs/rest's own 50/s cap would give about 50; ${load}`,
      ),
      informational("floor bot answers per second, 300/s offered", floor.perSecond, "/s"),
      judged("Discord interactions answered", measured.delivered.size, "of 600", atLeast(OFFERED)),
      judged(
        "Discord requests sent before a 429 or bucket allowed",
        limits.early,
        "requests",
        atMost(0),
        `the fake Discord answered ${limits.limited} 429s (${limits.surprises} unannounced, ${limits.global} global); each retry must wait out Retry-After, each bucket its reset`,
      ),
      judged(
        "bot CPU per Discord answer",
        botCpuMs / measured.delivered.size,
        "ms CPU",
        atMost(1000 / WANTED_PER_SECOND),
        `the vsbot process's CPU time over the run (gateway event, deferral, model call, edit), per answer; at most what one core can spend on each at ${WANTED_PER_SECOND} a second`,
      ),
      informational("Discord answer lag p50, offer to edit", percentile(measured.lags, 0.5), "ms"),
      informational("Discord answer lag p99, offer to edit", percentile(measured.lags, 0.99), "ms"),
    ];
  } finally {
    if (!botStopped) await bot.stop();
    await discord.close();
    await model.close();
  }
}
