import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
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
 */
const OFFERED = 600;
const OFFERED_PER_SECOND = 300;
const WARM_UP = 20;
const TOKEN = "bench-bot-token";
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
  try {
    await discord.waitForSession(1, 30_000);
    for (let user = 0; user < WARM_UP; user += 1) {
      discord.dispatchInteraction(slashCommand(contextFor(discord, OFFERED + user), "joke"));
    }
    await discord.waitForRequests(isEdit, WARM_UP, 30_000);
    discord.reset();

    const offeredAt = new Map<string, number>();
    const cpuBefore = bot.cpuMs();
    const ownCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    let offered = 0;
    while (offered < OFFERED) {
      const due = Math.min(
        OFFERED,
        Math.floor(((performance.now() - startedAt) / 1000) * OFFERED_PER_SECOND) + 1,
      );
      for (; offered < due; offered += 1) {
        const interaction = slashCommand(contextFor(discord, offered), "joke");
        offeredAt.set(interaction.token, discord.dispatchInteraction(interaction));
      }
      await sleep(5);
    }
    const offerSeconds = (performance.now() - startedAt) / 1000;
    const delivered = await waitForAnswers(discord, OFFERED, 60_000);
    const botCpuMs = bot.cpuMs() - cpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const lastAt = Math.max(...delivered.values());
    const firstOfferAt = Math.min(...offeredAt.values());
    const perSecond = delivered.size / ((lastAt - firstOfferAt) / 1000);
    const lags = [...delivered]
      .map(([token, at]) => at - (offeredAt.get(token) ?? Number.NaN))
      .sort((left, right) => left - right);
    const limits = discord.rateLimitStats();
    bench.log(
      `bot CPU ${botCpuMs.toFixed(0)} ms, this process (fake Discord) ${((ownCpu.user + ownCpu.system) / 1000).toFixed(0)} ms`,
    );
    bench.log(
      `offered ${OFFERED} in ${offerSeconds.toFixed(2)} s; ${delivered.size} answered, the last ${((lastAt - firstOfferAt) / 1000).toFixed(2)} s after the first offer`,
    );
    return [
      judged(
        "Discord answers delivered per second, 300/s offered",
        perSecond,
        "/s",
        atLeast(OFFERED_PER_SECOND / 2),
        `${OFFERED} /joke over the gateway at ${OFFERED_PER_SECOND}/s (offered in ${offerSeconds.toFixed(2)} s), 0 ms model; answers / (last edit - first offer); @discordjs/rest's own 50/s cap would give about 50`,
      ),
      judged("Discord interactions answered", delivered.size, "of 600", atLeast(OFFERED)),
      judged(
        "Discord requests sent before a 429 or bucket allowed",
        limits.early,
        "requests",
        atMost(0),
        `the fake Discord answered ${limits.limited} 429s (${limits.surprises} unannounced, ${limits.global} global); each retry must wait out Retry-After, each bucket its reset`,
      ),
      judged(
        "bot CPU per Discord answer",
        botCpuMs / delivered.size,
        "ms CPU",
        atMost(10),
        "the vsbot process's CPU time over the run (gateway event, deferral, model call, edit), per answer",
      ),
      informational("Discord answer lag p50, offer to edit", percentile(lags, 0.5), "ms"),
      informational("Discord answer lag p99, offer to edit", percentile(lags, 0.99), "ms"),
    ];
  } finally {
    await bot.stop();
    await discord.close();
    await model.close();
  }
}
