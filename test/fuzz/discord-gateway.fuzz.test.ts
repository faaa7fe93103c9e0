import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscordGateway } from "../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../src/platforms/platform.js";
import { snowflake } from "../fakes/fake-discord.js";
import {
  buttonClick,
  directMessage,
  slashCommand,
  userMessage,
} from "../fakes/fake-discord-payloads.js";
import { type DiscordHarness, startHarness } from "../platforms/discord/harness.js";
import { brokenPayload, fuzzRuns, hostileValue } from "./arbitraries.js";
import { watchProcessFailures } from "./process-failures.js";

let harness: DiscordHarness;
let bot: RunningPlatform;
const failures = watchProcessFailures();

beforeAll(async () => {
  harness = await startHarness(
    { VSBOT_MODEL_RETRIES: "0", VSBOT_USER_RATE_LIMIT: "off" },
    { strictInteractions: false, echoMessages: false },
  );
  bot = await startDiscordGateway(harness.runtime);
  await harness.discord.waitForSession();
});

afterAll(async () => {
  await bot?.stop({ graceMs: 5000, noticeMs: 1000 });
  await harness?.close();
});

describe("fuzzing the Discord gateway with malformed dispatches", () => {
  it("survives 1,000 malformed INTERACTION_CREATE and MESSAGE_CREATE dispatches and still answers", async () => {
    const command = slashCommand(harness.context, "joke", { topic: "tea" });
    const click = { ...buttonClick(harness.context, "vs:more:AAAAAAAAAAAA"), id: command.id };
    const message = userMessage(harness.context, "hello there");
    const botAnswer = {
      ...userMessage(harness.context, "an earlier answer"),
      author: { id: harness.discord.botUserId, username: "vsbot", bot: true },
    };
    // A reply to the bot (its referenced message nested inside) and a DM: both addressed to it.
    const reply = userMessage(harness.context, "why?", { replyTo: botAnswer });
    const direct = directMessage({ ...harness.context, dmChannelId: "400000000000000001" }, "hi");
    const fresh = (value: unknown) =>
      typeof value === "object" && value !== null && (value as { id?: unknown }).id === command.id
        ? { ...value, id: snowflake() }
        : value;
    const dispatch = fc.oneof(
      {
        weight: 4,
        arbitrary: brokenPayload(command).map(
          (data) => ["INTERACTION_CREATE", fresh(data)] as const,
        ),
      },
      {
        weight: 3,
        arbitrary: brokenPayload(click).map((data) => ["INTERACTION_CREATE", fresh(data)] as const),
      },
      {
        weight: 2,
        arbitrary: brokenPayload(message).map((data) => ["MESSAGE_CREATE", data] as const),
      },
      {
        weight: 1,
        arbitrary: brokenPayload(reply).map((data) => ["MESSAGE_CREATE", data] as const),
      },
      {
        weight: 1,
        arbitrary: brokenPayload(direct).map((data) => ["MESSAGE_CREATE", data] as const),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom("INTERACTION_CREATE", "MESSAGE_CREATE"), hostileValue)
          .map(([event, data]) => [event, data] as const),
      },
    );
    await fc.assert(
      fc.asyncProperty(dispatch, async ([event, data]) => {
        harness.discord.dispatch(event, data);
        // Let the bot take each in turn, as it would from the socket.
        await sleep(1);
      }),
      fuzzRuns(1000),
    );
    await sleep(500);
    const dropped = harness.logs.filter(
      (line) =>
        line.event === "discord.gateway_interaction_dropped" ||
        line.event === "discord.gateway_message_dropped",
    );
    expect(dropped.length).toBeGreaterThan(300);
    const good = slashCommand(harness.context, "joke");
    harness.discord.dispatchInteraction(good);
    await harness.discord.waitForRequest(
      (request) => request.method === "PATCH" && request.path.includes(good.token),
    );
    expect(failures()).toEqual([]);
  }, 120_000);
});
