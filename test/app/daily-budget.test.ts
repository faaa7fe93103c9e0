import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_CANDIDATES,
  type FakeOpenAI,
  startFakeOpenAI,
  vsJson,
} from "../fakes/fake-openai-server.js";
import { ConsoleProcess } from "../helpers/console-process.js";
import { TEST_API_KEY } from "../helpers/engine-harness.js";
import { deleteRedisKeys, probeRedis, REDIS_URL } from "../store/helpers.js";
import { type ChatHarness, discordOrigin, joke, moreId, startChatHarness } from "./chat-harness.js";

/** Every call reports 400 tokens: 1,000 allows two requests a day, never a third. */
const REPLY = {
  content: vsJson(DEFAULT_CANDIDATES),
  usage: { promptTokens: 300, completionTokens: 100 },
};

describe("daily token budget", () => {
  let harness: ChatHarness;

  beforeAll(async () => {
    harness = await startChatHarness({ VSBOT_DAILY_TOKEN_BUDGET: "1000" }, { defaultReply: REPLY });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("refuses the third model-calling request in a server with the reset time, and no other server", async () => {
    const server = discordOrigin({ server: "g-budget" });
    const first = await harness.send(joke(server));
    await harness.send(joke(server, "coffee"));
    const third = await harness.send(joke(server, "cocoa"));
    expect(third).toMatchObject({ code: "budget_exceeded" });
    expect((third as { message: string }).message).toMatch(
      /800 of the 1,000 .*resets at 00:00 UTC, in \d/,
    );
    expect(harness.model.requests).toHaveLength(2);
    // Clicks the tail serves cost nothing and go on working.
    const click = await harness.send({ type: "button", origin: server, id: moreId(first) });
    expect(Array.isArray(click)).toBe(true);
    expect(await harness.send(joke(discordOrigin({ server: "g-other" })))).toSatisfy(Array.isArray);
    expect(harness.model.requests).toHaveLength(3);
    // Each finished request released what it held; only what was spent counts.
    const day = new Date().toISOString().slice(0, 10);
    const stored = await harness.runtime.store.get<{ holds: object; requests: number }>(
      `usage:discord:g-budget:${day}`,
    );
    expect(stored).toMatchObject({ holds: {}, requests: 2 });
  });

  it("shows the budget and what was spent in /vs usage", async () => {
    const origin = discordOrigin({ server: "g-budget", canManage: true });
    const replies = await harness.send({
      type: "command",
      origin,
      name: "vs",
      subcommand: "usage",
    });
    expect(replies).toMatchObject([
      {
        body: expect.stringMatching(/Daily token budget: 800 of 1,000 used today/),
        meta: {
          usage: {
            today: { modelCalls: 2, tokens: 800, answers: { model: 2, tail: 1 } },
            budget: 1000,
          },
        },
      },
    ]);
  });
});

describe.runIf(await probeRedis())("daily token budget across processes", () => {
  let fake: FakeOpenAI;
  const server = `budget-${randomUUID().slice(0, 8)}`;
  const consoles: ConsoleProcess[] = [];
  const tails: string[] = [];

  const start = () => {
    const vsbot = new ConsoleProcess({
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: TEST_API_KEY,
      VSBOT_STORE_URL: REDIS_URL,
      VSBOT_DAILY_TOKEN_BUDGET: "1000",
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_LOG_LEVEL: "warn",
    });
    consoles.push(vsbot);
    return vsbot;
  };
  const command = (topic: string, where = server) => ({
    type: "command",
    user: "u1",
    server: where,
    channel: "c1",
    name: "joke",
    options: { topic },
  });

  beforeAll(async () => {
    fake = await startFakeOpenAI({ defaultReply: REPLY });
  });

  afterAll(async () => {
    for (const vsbot of consoles) vsbot.child.kill();
    await fake?.close();
    await deleteRedisKeys(`vsbot::usage:console:${server}:`);
    await deleteRedisKeys(`vsbot::usage:console:${server}-other:`);
    for (const tail of tails) await deleteRedisKeys(`vsbot::tail:${tail}`);
  });

  it("refuses in a second process once the first has spent the server's budget", async () => {
    const first = start();
    // Started now, so it boots while the first spends; it reads the budget only when asked.
    const second = start();
    for (const topic of ["tea", "coffee"]) {
      const line = await first.send(command(topic));
      expect(line.type).toBe("reply");
      tails.push(String(line.meta?.tailId));
    }
    const refused = await second.send(command("cocoa"));
    expect(refused).toMatchObject({ type: "error", code: "budget_exceeded" });
    expect(refused.message).toMatch(/resets at 00:00 UTC/);
    const elsewhere = await second.send(command("cocoa", `${server}-other`));
    expect(elsewhere.type).toBe("reply");
    tails.push(String(elsewhere.meta?.tailId));
    expect(fake.requests).toHaveLength(3);
  }, 30_000);
});
