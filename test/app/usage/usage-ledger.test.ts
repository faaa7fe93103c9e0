import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Origin } from "../../../src/app/types.js";
import type { UsageDay } from "../../../src/app/usage/usage-day.js";
import { UsageLedger } from "../../../src/app/usage/usage-ledger.js";
import { dayOf } from "../../../src/app/usage/utc-day.js";
import type { Logger, StateStore } from "../../../src/engine/ports.js";
import { createRandomId, systemClock } from "../../../src/runtime/system.js";
import { createStateStore } from "../../../src/store/create-store.js";

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

const origin: Origin = {
  platform: "discord",
  server: "300000000000000001",
  channel: "300000000000000002",
  user: "u0",
  canManage: false,
};

/** A real store whose updates are counted, to see how many writes the records cost. */
function counting(store: StateStore): StateStore & { readonly updates: () => number } {
  let updates = 0;
  return {
    kind: store.kind,
    get: (key) => store.get(key),
    set: (key, value, ttlMs) => store.set(key, value, ttlMs),
    delete: (key) => store.delete(key),
    update: (key, mutate, ttlMs) => {
      updates += 1;
      return store.update(key, mutate, ttlMs);
    },
    close: () => store.close(),
    updates: () => updates,
  };
}

function activity(user: string) {
  return {
    user,
    calls: 1,
    promptTokens: 100,
    completionTokens: 20,
    modelAnswers: 1,
    tailAnswers: 0,
  };
}

let store: ReturnType<typeof counting>;

beforeEach(async () => {
  store = counting(await createStateStore("memory://", { logger: quiet }));
});

afterEach(async () => {
  await store.close();
});

function ledger(dailyBudget: number | null = null): UsageLedger {
  return new UsageLedger({
    store,
    clock: systemClock,
    dailyBudget,
    holdMs: 60_000,
    createId: createRandomId,
  });
}

describe("usage ledger under concurrent requests", () => {
  it("counts every one of 200 records made at once, in far fewer writes", async () => {
    const usage = ledger();
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        usage.record({ ...origin, user: `u${index % 7}` }, activity(`u${index % 7}`), null),
      ),
    );
    const { today } = await usage.read(origin);
    expect(today.calls).toBe(200);
    expect(today.requests).toBe(200);
    expect(today.promptTokens).toBe(20_000);
    expect(today.completionTokens).toBe(4_000);
    expect(today.users.u3?.calls).toBe(Math.ceil((200 - 3) / 7));
    expect(store.updates()).toBeLessThanOrEqual(2);
  });

  it("releases the holds of records written together", async () => {
    const usage = ledger(1_000_000);
    const holds = await Promise.all(Array.from({ length: 20 }, () => usage.hold(origin)));
    await Promise.all(holds.map((hold) => usage.record(origin, activity("u0"), hold)));
    const day = await store.get<UsageDay>(`usage:discord:${origin.server}:${dayOf(Date.now())}`);
    expect(day?.requests).toBe(20);
    expect(Object.keys(day?.holds ?? {})).toHaveLength(0);
  });

  it("writes a record that comes after a write began in the next one", async () => {
    const usage = ledger();
    const first = usage.record(origin, activity("u1"), null);
    await first;
    await usage.record(origin, activity("u2"), null);
    const { today } = await usage.read(origin);
    expect(today.calls).toBe(2);
    expect(store.updates()).toBe(2);
  });
});
