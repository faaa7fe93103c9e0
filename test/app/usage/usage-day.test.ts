import { describe, expect, it } from "vitest";
import {
  type Activity,
  addActivity,
  holdTokens,
  MAX_USERS,
  sumDays,
  topUsers,
  type UsageDay,
} from "../../../src/app/usage/usage-day.js";
import { describeWait, nextDayStart, recentDays } from "../../../src/app/usage/utc-day.js";

function call(user: string, tokens: number): Activity {
  return {
    user,
    calls: 1,
    promptTokens: tokens - 100,
    completionTokens: 100,
    modelAnswers: 1,
    tailAnswers: 0,
  };
}

function hold(day: UsageDay | undefined, id: string, now = 1000) {
  return holdTokens(day, { id, budget: 1000, now, forMs: 60_000 });
}

describe("daily budget holds", () => {
  it("refuses the request whose likely cost would pass the budget", () => {
    let day: UsageDay | undefined;
    for (const id of ["a", "b"]) {
      const held = hold(day, id);
      expect(held.outcome.granted).toBe(true);
      day = addActivity(held.day, call("u1", 400), id, 1000);
    }
    expect(hold(day, "c").outcome).toEqual({ granted: false, used: 800 });
  });

  it("counts what requests under way hold, until their hold expires", () => {
    let day = addActivity(undefined, call("u1", 300), undefined, 0);
    day = hold(day, "a").day;
    day = hold(day, "b").day;
    expect(hold(day, "c").outcome.granted).toBe(false);
    expect(hold(day, "c", 1000 + 60_001).outcome.granted).toBe(true);
  });

  it("always lets the first request of a day go ahead", () => {
    expect(holdTokens(undefined, { id: "a", budget: 1, now: 0, forMs: 1 }).outcome.granted).toBe(
      true,
    );
  });
});

describe("usage records", () => {
  it("keeps the most active users when more than the cap take part", () => {
    let day: UsageDay | undefined;
    for (let index = 0; index <= MAX_USERS; index += 1) {
      day = addActivity(day, call(`u${index}`, 200 + index), undefined, 0);
    }
    const kept = Object.keys(day?.users ?? {});
    expect(kept).toHaveLength(MAX_USERS);
    expect(kept).not.toContain("u0");
    expect(topUsers(day as UsageDay, 1)[0]?.id).toBe(`u${MAX_USERS}`);
  });

  it("adds days up, users merged", () => {
    const one = addActivity(undefined, call("u1", 400), undefined, 0);
    const two = addActivity(
      undefined,
      { ...call("u1", 200), modelAnswers: 0, tailAnswers: 3 },
      undefined,
      0,
    );
    const week = sumDays([one, undefined, two]);
    expect(week).toMatchObject({ calls: 2, promptTokens: 400, tailAnswers: 3, modelAnswers: 1 });
    expect(week.users.u1).toMatchObject({ tokens: 600, answers: 4, calls: 2 });
  });
});

describe("UTC days", () => {
  it("resets at the next UTC midnight and lists days newest first", () => {
    const now = Date.UTC(2025, 5, 1, 21, 30);
    expect(nextDayStart(now)).toBe(Date.UTC(2025, 5, 2));
    expect(describeWait(nextDayStart(now) - now)).toBe("2 h 30 min");
    expect(recentDays(now, 2)).toEqual(["2025-06-01", "2025-05-31"]);
  });
});
