import { describe, expect, it } from "vitest";
import { UserRateLimiter } from "../../src/app/rate-limit.js";
import type { Origin } from "../../src/app/types.js";
import { VsbotError } from "../../src/engine/errors.js";
import type { Clock } from "../../src/engine/ports.js";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";

function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => {},
    advance: (ms) => {
      now += ms;
    },
  };
}

const slackUser: Origin = {
  platform: "slack",
  user: "U1",
  server: "T1",
  channel: "C1",
  canManage: false,
};

describe("UserRateLimiter", () => {
  it("lets a user make the allowed number of requests per window, then says when to come back", async () => {
    const store = await createStateStore("memory://", { logger: silentLogger });
    const clock = manualClock();
    const limiter = new UserRateLimiter(store, { count: 3, windowMs: 600_000 }, clock);
    for (let request = 0; request < 3; request++) await limiter.take(slackUser);
    const error = await limiter.take(slackUser).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VsbotError);
    expect((error as VsbotError).code).toBe("user_rate_limited");
    expect((error as VsbotError).userMessage).toMatch(/limit of 3 requests.*10 minutes/);
    await limiter.take({ ...slackUser, user: "U2" });
    clock.advance(600_000);
    await limiter.take(slackUser);
    await store.close();
  });

  it("never limits the local console, and does nothing when switched off", async () => {
    const store = await createStateStore("memory://", { logger: silentLogger });
    const limited = new UserRateLimiter(store, { count: 1, windowMs: 60_000 }, manualClock());
    const console: Origin = {
      platform: "console",
      user: "you",
      channel: "console",
      canManage: true,
    };
    for (let request = 0; request < 5; request++) await limited.take(console);
    const off = new UserRateLimiter(store, null, manualClock());
    for (let request = 0; request < 5; request++) await off.take(slackUser);
    await store.close();
  });
});
