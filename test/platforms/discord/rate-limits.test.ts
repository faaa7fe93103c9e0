import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscordGateway } from "../../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../../src/platforms/platform.js";
import { slashCommand } from "../../fakes/fake-discord-payloads.js";
import { type DiscordHarness, startHarness } from "./harness.js";

let harness: DiscordHarness;
let bot: RunningPlatform;

beforeAll(async () => {
  harness = await startHarness(
    { VSBOT_MODEL_RETRIES: "0" },
    {
      rateLimits: {
        perRoute: 5,
        windowMs: 1000,
        surpriseEvery: 7,
        surpriseRetryAfterMs: 150,
        globalPerSecond: 50,
      },
    },
  );
  bot = await startDiscordGateway(harness.runtime);
  await harness.discord.waitForSession();
});

afterAll(async () => {
  await bot?.stop();
  await harness?.close();
});

function isEdit(request: { method: string; path: string }): boolean {
  return request.method === "PATCH" && request.path.endsWith("/messages/@original");
}

describe("the gateway bot under Discord's rate limits (fake Discord with 429s)", () => {
  it("answers 60 interactions at once, retrying each 429 only after its Retry-After", async () => {
    const interactions = Array.from({ length: 60 }, (_, index) =>
      slashCommand(
        { ...harness.context, userId: String(500000000000000000n + BigInt(index)) },
        "joke",
      ),
    );
    for (const interaction of interactions) harness.discord.dispatchInteraction(interaction);
    await harness.discord.waitForRequests(
      (request) => isEdit(request) && request.status() === 200,
      interactions.length,
      30_000,
    );
    const limits = harness.discord.rateLimitStats();
    expect(limits.surprises).toBeGreaterThan(0);
    expect(limits.early).toBe(0);
    expect(limits.global).toBe(0);
    for (const interaction of interactions) {
      const [answer] = harness.discord.webhookMessages(interaction.token);
      expect(answer?.content.length ?? 0).toBeGreaterThan(0);
    }
  });
});
