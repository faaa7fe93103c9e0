import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assistantThreadStartedPayload,
  buttonClickPayload,
  eventCallbackPayload,
  postToApp,
  type SlackAppRequest,
  slashCommandPayload,
} from "../fakes/fake-slack-requests.js";
import {
  SIGNING_SECRET,
  type SlackHarness,
  startSlackHarness,
} from "../platforms/slack/slack-harness.js";
import { brokenPayload, deepJson, fuzzRuns, garbage, hostileValue } from "./arbitraries.js";
import { watchProcessFailures } from "./process-failures.js";

const HUNG_MS = 2500;
const FORM = "application/x-www-form-urlencoded";

let harness: SlackHarness;
const failures = watchProcessFailures();

beforeAll(async () => {
  harness = await startSlackHarness({ env: { VSBOT_USER_RATE_LIMIT: "off" } });
});

afterAll(async () => {
  await harness?.close();
});

/** A form as Slack sends it; values that are not strings are sent as their JSON. */
function formOf(value: unknown): string {
  if (typeof value !== "object" || value === null)
    return `payload=${encodeURIComponent(JSON.stringify(value) ?? "")}`;
  return Object.entries(value)
    .map(([key, item]) => {
      const text = typeof item === "string" ? item : (JSON.stringify(item) ?? "");
      return `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
    })
    .join("&");
}

describe("fuzzing the Slack HTTP endpoint with signed requests", () => {
  it("answers 1,000 signed malformed requests with a status below 500, in time, and stays up", async () => {
    const responseUrl = harness.slack.responseUrl("fuzz");
    const command = slashCommandPayload({ command: "/joke", text: "tea", responseUrl });
    const click = buttonClickPayload({
      actionId: "vs_more",
      value: "vs:more:AAAAAAAAAAAA",
      messageTs: "1700000000.000100",
      responseUrl,
    });
    const event = eventCallbackPayload({
      text: "hello",
      ts: "1700000001.000200",
      threadTs: "1700000000.000100",
    });
    // A DM and an assistant thread's start: both are answered, so both must survive damage.
    const direct = eventCallbackPayload({ channel: "D0FUZZ", text: "hi", ts: "1700000001.000300" });
    const started = assistantThreadStartedPayload({
      channel: "D0FUZZ",
      threadTs: "1700000001.000400",
    });
    const request: fc.Arbitrary<SlackAppRequest> = fc.oneof(
      {
        weight: 3,
        arbitrary: brokenPayload(command).map((value) => ({
          contentType: FORM,
          body: formOf(value),
        })),
      },
      {
        weight: 3,
        arbitrary: brokenPayload(click).map((value) => ({
          contentType: FORM,
          body: `payload=${encodeURIComponent(JSON.stringify(value) ?? "null")}`,
        })),
      },
      {
        weight: 3,
        arbitrary: brokenPayload(event).map((value) => ({
          contentType: "application/json",
          body: JSON.stringify(value) ?? "null",
        })),
      },
      {
        weight: 1,
        arbitrary: brokenPayload(direct).map((value) => ({
          contentType: "application/json",
          body: JSON.stringify(value) ?? "null",
        })),
      },
      {
        weight: 1,
        arbitrary: brokenPayload(started).map((value) => ({
          contentType: "application/json",
          body: JSON.stringify(value) ?? "null",
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom(FORM, "application/json", "text/plain", `${FORM}; charset=utf-8`),
            fc.oneof(
              hostileValue.map((value) => JSON.stringify(value) ?? "null"),
              hostileValue.map(
                (value) => `payload=${encodeURIComponent(JSON.stringify(value) ?? "")}`,
              ),
              deepJson,
              garbage,
              fc.constant("payload=null"),
              fc.constant("payload=1&payload=2"),
            ),
          )
          .map(([contentType, body]) => ({ contentType, body })),
      },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (signed) => {
        const answer = await postToApp(harness.eventsUrl, signed, { secret: SIGNING_SECRET });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status).toBeLessThan(500);
        expect(answer.elapsedMs).toBeLessThan(HUNG_MS);
      }),
      fuzzRuns(1000),
    );
    console.info("slack http fuzz statuses", Object.fromEntries(statuses));
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(1000);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(300);
    await harness.platform.idle();
    const good = await harness.command("/joke", "still there?");
    expect(good.status).toBe(200);
    await harness.slack.waitForCalls("chat.postMessage", 1);
    expect(failures()).toEqual([]);
  }, 180_000);

  it("rejects correctly signed requests timestamped more than 5 minutes ahead or behind", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const offset of [-400, 400, 330, -330]) {
      const answer = await harness.command("/joke", "", { timestamp: now + offset });
      expect(answer.status).toBe(401);
    }
    expect((await harness.command("/joke", "", { timestamp: now + 200 })).status).toBe(200);
  });
});
