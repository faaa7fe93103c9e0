import { afterEach, describe, expect, it } from "vitest";
import {
  estimateTokens,
  type PersonaTurn,
  trimToBudget,
} from "../../../src/app/personas/personas.js";
import type { Inbound } from "../../../src/app/types.js";
import { loadConfig } from "../../../src/config/index.js";
import { createRuntime, type Runtime } from "../../../src/runtime/runtime.js";
import { type FakeOpenAI, startFakeOpenAI, vsJson } from "../../fakes/fake-openai-server.js";
import { promptText } from "../../helpers/engine-harness.js";

describe("trimToBudget", () => {
  const turns: PersonaTurn[] = Array.from({ length: 10 }, (_, index) => ({
    speaker: index % 2 === 0 ? "Ada" : "Reed",
    text: `message ${index} ${"word ".repeat(20)}`,
    persona: index % 2 === 1,
  }));

  it("keeps the newest turns that fit, oldest first", () => {
    const kept = trimToBudget(turns, 100, 20);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)).toBe(turns.at(-1));
    const cost = kept.reduce(
      (sum, turn) => sum + estimateTokens(turn.speaker) + estimateTokens(turn.text) + 2,
      0,
    );
    expect(cost + 20).toBeLessThanOrEqual(100);
  });

  it("keeps nothing when the reserved part already fills the budget", () => {
    expect(trimToBudget(turns, 100, 100)).toEqual([]);
  });
});

describe("a long persona session", () => {
  let fake: FakeOpenAI;
  let runtime: Runtime;

  afterEach(async () => {
    await runtime.close();
    await fake.close();
  });

  it("never sends more than the token budget, and always the persona description", async () => {
    fake = await startFakeOpenAI();
    let turn = 0;
    fake.respondWith(() => {
      turn += 1;
      return { content: vsJson([[`Reply ${turn}: ${"salt and wind ".repeat(15)}`, 1]]) };
    });
    runtime = await createRuntime(
      loadConfig({
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: "sk-test",
        VSBOT_STORE_URL: "memory://",
        VSBOT_PERSONA_TOKEN_BUDGET: "600",
        VSBOT_LOG_LEVEL: "silent",
      }),
    );
    const origin = {
      platform: "console",
      user: "u1",
      userName: "Ada",
      channel: "c1",
      canManage: true,
    } as const;
    const description = "a retired sea captain who distrusts maps and loves tea";
    const start: Inbound = {
      type: "command",
      origin,
      name: "persona",
      subcommand: "start",
      options: { description },
    };
    await runtime.chat.handle(start);
    for (let index = 0; index < 30; index++) {
      await runtime.chat.handle({
        type: "message",
        origin,
        text: `Question ${index}: ${"tell me more ".repeat(10)}`,
      });
    }
    const last = promptText(fake.requests.at(-1));
    expect(last).toContain(description);
    expect(last).toContain("Question 29");
    expect(last).not.toContain("Question 0:");
    expect(estimateTokens(last)).toBeLessThanOrEqual(600);
    const sizes = fake.requests.map((request) => estimateTokens(promptText(request)));
    expect(Math.max(...sizes.slice(10))).toBeLessThanOrEqual(Math.max(...sizes.slice(5, 10)) + 50);
  });
});
