import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Origin, Reply } from "../../src/app/types.js";
import { loadConfig } from "../../src/config/index.js";
import { silentLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import { type FakeOpenAI, startFakeOpenAI, vsJson } from "../fakes/fake-openai-server.js";

const OPTIONS = ["pizza", "sushi", "tacos", "ramen", "curry", "falafel"];
/** Chi-square with 5 degrees of freedom exceeds this with probability 0.01. */
const CHI_SQUARE_5_AT_001 = 15.086;

let model: FakeOpenAI;
let runtime: Runtime;

beforeAll(async () => {
  model = await startFakeOpenAI();
  // A model that states a uniform distribution, always listing the options in the same order:
  // any bias towards the first-listed or the last-listed option shows in the counts.
  model.respondWith(() => ({ content: vsJson(OPTIONS.map((option) => [option, 0.17])) }));
  runtime = await createRuntime(
    loadConfig({
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_STORE_URL: "memory://",
      VSBOT_SEED: "20251001",
      VSBOT_K: "6",
    }),
    { logger: silentLogger },
  );
});

afterAll(async () => {
  await runtime.close();
  await model.close();
});

const origin: Origin = { platform: "console", user: "u1", channel: "c1", canManage: true };
const pickedOf = (reply: Reply | undefined) => String(reply?.meta.picked ?? "");
const moreOf = (reply: Reply | undefined) =>
  reply?.buttons.find((button) => button.id.startsWith("vs:more:"))?.id ?? "";

async function pick(from: string): Promise<Reply | undefined> {
  const [reply] = await runtime.chat.handle({
    type: "command",
    origin,
    name: "pick",
    options: { from },
  });
  return reply;
}

describe("/pick", () => {
  it("states plainly what was picked, with More like this and Show all", async () => {
    const reply = await pick("pizza, sushi, tacos, ramen, curry, falafel");
    expect(OPTIONS).toContain(pickedOf(reply));
    expect(reply?.body).toBe(`Picked: **${pickedOf(reply)}**`);
    expect(reply?.buttons.map((button) => button.label)).toEqual(["More like this", "Show all"]);
    const prompt = ((model.requests.at(-1)?.body.messages ?? []) as { content: string }[])
      .map((message) => message.content)
      .join("\n");
    expect(prompt).toContain("pizza, sushi, tacos");
    expect(prompt).toContain("full distribution");
  });

  it("over 600 picks from the tail and refills, picks every option about equally often", async () => {
    const counts = new Map(OPTIONS.map((option) => [option, 0]));
    const callsBefore = model.requests.length;
    // 60 chains of 10 picks: 6 from the first call, 4 from a refill, so each chain's order counts.
    for (let chain = 0; chain < 60; chain++) {
      let reply = await pick("one of pizza, sushi, tacos, ramen, curry, falafel");
      for (let click = 0; click < 10; click++) {
        const picked = pickedOf(reply);
        counts.set(picked, (counts.get(picked) ?? 0) + 1);
        if (click < 9)
          [reply] = await runtime.chat.handle({ type: "button", origin, id: moreOf(reply) });
      }
    }
    expect(model.requests.length - callsBefore).toBe(120);
    const expected = 600 / OPTIONS.length;
    const chiSquare = [...counts.values()].reduce(
      (sum, count) => sum + (count - expected) ** 2 / expected,
      0,
    );
    for (const option of OPTIONS) expect(counts.get(option)).toBeGreaterThan(0);
    expect([...counts.keys()].sort()).toEqual([...OPTIONS].sort());
    expect(chiSquare).toBeLessThan(CHI_SQUARE_5_AT_001);
  });

  it("asks for a fresh draw when the tail runs out, and never drops an option as a repeat", async () => {
    let reply = await pick("pizza, sushi, tacos, ramen, curry, falafel");
    const callsBefore = model.requests.length;
    const picks = [pickedOf(reply)];
    for (let click = 0; click < 11; click++) {
      [reply] = await runtime.chat.handle({ type: "button", origin, id: moreOf(reply) });
      picks.push(pickedOf(reply));
    }
    expect(model.requests.length - callsBefore).toBe(1);
    expect(new Set(picks.slice(0, 6)).size).toBe(6);
    expect(new Set(picks.slice(6)).size).toBe(6);
    const refill = model.requests.at(-1)?.body.messages;
    expect(refill).toEqual(model.requests[callsBefore - 1]?.body.messages);
  });
});
