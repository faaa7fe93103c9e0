import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snowflake } from "../fakes/fake-discord.js";
import { buttonClick, slashCommand } from "../fakes/fake-discord-payloads.js";
import { postSigned, type SigningKeys } from "../fakes/fake-discord-signing.js";
import { type HttpHarness, startHttpHarness } from "../platforms/discord/harness.js";
import { brokenPayload, deepJson, fuzzRuns, garbage, hostileValue } from "./arbitraries.js";
import { watchProcessFailures } from "./process-failures.js";

const HUNG_MS = 2500;

let harness: HttpHarness;
let keys: SigningKeys;
let url: string;
const failures = watchProcessFailures();

beforeAll(async () => {
  harness = await startHttpHarness({
    VSBOT_MODEL_RETRIES: "0",
    VSBOT_LOG_LEVEL: "silent",
    VSBOT_USER_RATE_LIMIT: "off",
  });
  ({ keys, url } = harness);
});

afterAll(async () => {
  await harness?.close({ graceMs: 5000, noticeMs: 1000 });
});

describe("fuzzing the Discord HTTP interactions endpoint with signed requests", () => {
  it("answers 1,000 signed malformed requests with a status below 500, in time, and stays up", async () => {
    const command = slashCommand(harness.context, "joke", { topic: "tea" });
    const persona = slashCommand(harness.context, "persona", { description: "a pirate" }, "start");
    const click = buttonClick(harness.context, "vs:more:AAAAAAAAAAAA");
    // Each request its own id, unless the id is what was broken: else most would be replays.
    const fresh = (value: unknown) =>
      typeof value === "object" && value !== null && (value as { id?: unknown }).id === command.id
        ? { ...value, id: snowflake() }
        : value;
    const click2 = { ...click, id: command.id };
    const persona2 = { ...persona, id: command.id };
    const body = fc.oneof(
      { weight: 4, arbitrary: brokenPayload(command).map(fresh) },
      { weight: 2, arbitrary: brokenPayload(persona2).map(fresh) },
      { weight: 3, arbitrary: brokenPayload(click2).map(fresh) },
      { weight: 1, arbitrary: hostileValue },
    );
    const raw = fc.oneof(
      { weight: 9, arbitrary: body.map((value) => JSON.stringify(value) ?? "null") },
      { weight: 1, arbitrary: fc.oneof(deepJson, garbage) },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(raw, async (text) => {
        const started = performance.now();
        const answer = await postSigned(url, keys, text);
        const elapsed = performance.now() - started;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status).toBeLessThan(500);
        expect(elapsed).toBeLessThan(HUNG_MS);
      }),
      fuzzRuns(1000),
    );
    console.info("discord http fuzz statuses", Object.fromEntries(statuses));
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBe(1000);
    // Most broken payloads are refused; some stay valid and are answered.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(300);
    // Still serving: a good request after all that is deferred.
    const after = await postSigned(url, keys, slashCommand(harness.context, "joke"));
    expect(after).toMatchObject({ status: 200, body: { type: 5 } });
    expect(failures()).toEqual([]);
  }, 120_000);
});
