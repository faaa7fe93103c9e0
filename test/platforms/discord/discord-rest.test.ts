import { type REST, RESTEvents, Routes } from "discord.js";
import { describe, it, type TestContext } from "vitest";
import {
  createDiscordRest,
  createInteractionRest,
  stopRest,
} from "../../../src/platforms/discord/discord-rest.js";
import {
  type FakeDiscord,
  type RecordedDiscordRequest,
  startFakeDiscord,
} from "../../fakes/fake-discord.js";
import type { FakeRateLimits } from "../../fakes/fake-discord-rate-limits.js";

const APPLICATION_ID = "100000000000000001";

type Cleanup = TestContext["onTestFinished"];

/** A fake Discord of the test's own, closed (with the clients on it) when the test ends. */
async function start(rateLimits: FakeRateLimits, cleanup: Cleanup): Promise<FakeDiscord> {
  const discord = await startFakeDiscord({
    token: "bot-token",
    strictInteractions: false,
    rateLimits,
  });
  cleanup(() => discord.close());
  return discord;
}

function stopped(rest: REST, cleanup: Cleanup): REST {
  cleanup(() => stopRest(rest));
  return rest;
}

function settings(fake: FakeDiscord) {
  return { token: "bot-token", apiBaseUrl: fake.apiBaseUrl };
}

/** Counts the waits the client imposed on itself for the bot-wide limit. */
function globalWaits(rest: REST): () => number {
  let waits = 0;
  rest.on(RESTEvents.RateLimited, (info) => {
    if (info.global) waits += 1;
  });
  return () => waits;
}

function edit(rest: REST, token: string, content: string): Promise<unknown> {
  return rest.patch(Routes.webhookMessage(APPLICATION_ID, token, "@original"), {
    body: { content, allowed_mentions: { parse: [] } },
    auth: false,
  });
}

function arrivals(fake: FakeDiscord, token: string): RecordedDiscordRequest[] {
  return fake.requests.filter((request) => request.path.includes(`/${token}/`));
}

// Each test has its own fake Discord and client, so they share nothing and wait at once.
describe.concurrent("the interaction REST client", () => {
  it("sends 120 answers to 120 interactions at once, never queueing for the bot-wide 50 a second", async ({
    expect,
    onTestFinished,
  }) => {
    const fake = await start({ perRoute: 5, windowMs: 2000 }, onTestFinished);
    const rest = stopped(createInteractionRest(settings(fake)), onTestFinished);
    const waits = globalWaits(rest);
    const tokens = Array.from({ length: 120 }, (_, index) => `token-${index}`);
    await Promise.all(tokens.map((token) => edit(rest, token, `answer for ${token}`)));
    expect(waits()).toBe(0);
    expect(fake.rateLimitStats()).toMatchObject({ limited: 0, early: 0 });
    expect(fake.webhookMessages("token-119")[0]?.content).toBe("answer for token-119");
  });

  it("is unlike the bot client, which holds 60 such requests to 50 a second", async ({
    expect,
    onTestFinished,
  }) => {
    const fake = await start({ perRoute: 5, windowMs: 2000 }, onTestFinished);
    const rest = stopped(createDiscordRest(settings(fake)), onTestFinished);
    const waits = globalWaits(rest);
    const tokens = Array.from({ length: 60 }, (_, index) => `token-${index}`);
    await Promise.all(tokens.map((token) => edit(rest, token, "answer")));
    expect(waits()).toBeGreaterThan(0);
  });

  it("waits out an interaction's exhausted route bucket instead of drawing a 429", async ({
    expect,
    onTestFinished,
  }) => {
    const fake = await start({ perRoute: 2, windowMs: 300 }, onTestFinished);
    const rest = stopped(createInteractionRest(settings(fake)), onTestFinished);
    await Promise.all(["one", "two", "three", "four", "five"].map((text) => edit(rest, "t", text)));
    const sent = arrivals(fake, "t");
    expect(sent).toHaveLength(5);
    expect(fake.rateLimitStats()).toMatchObject({ limited: 0, early: 0 });
    expect((sent[2]?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it("retries each answer that draws an unannounced 429 only after its Retry-After", async ({
    expect,
    onTestFinished,
  }) => {
    const fake = await start(
      { perRoute: 5, windowMs: 2000, surpriseEvery: 3, surpriseRetryAfterMs: 200 },
      onTestFinished,
    );
    const rest = stopped(createInteractionRest(settings(fake)), onTestFinished);
    const tokens = Array.from({ length: 12 }, (_, index) => `token-${index}`);
    await Promise.all(tokens.map((token) => edit(rest, token, `answer for ${token}`)));
    const stats = fake.rateLimitStats();
    expect(stats.surprises).toBeGreaterThanOrEqual(4);
    expect(stats.early).toBe(0);
    for (const token of tokens) {
      const sent = arrivals(fake, token);
      for (let attempt = 1; attempt < sent.length; attempt += 1) {
        const gap = (sent[attempt]?.at ?? 0) - (sent[attempt - 1]?.at ?? 0);
        expect(gap).toBeGreaterThanOrEqual(195);
      }
      expect(fake.webhookMessages(token)[0]?.content).toBe(`answer for ${token}`);
    }
  });
});
