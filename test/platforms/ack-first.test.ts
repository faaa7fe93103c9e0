import { describe, expect, it } from "vitest";
import { AckFirstScheduler } from "../../src/platforms/ack-first.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("AckFirstScheduler", () => {
  it("holds the work back while events keep arriving, then runs it all", async () => {
    const scheduler = new AckFirstScheduler({ quietMs: 20, maxDelayMs: 10_000 });
    const started: number[] = [];
    scheduler.arrived();
    const tasks = [1, 2, 3].map((task) => scheduler.run(async () => started.push(task)));
    for (let arrival = 0; arrival < 5; arrival++) {
      await sleep(5);
      scheduler.arrived();
      expect(started).toEqual([]);
    }
    await Promise.all(tasks);
    expect(started).toEqual([1, 2, 3]);
  });

  it("does not let a task wait longer than the maximum delay", async () => {
    const scheduler = new AckFirstScheduler({ quietMs: 50, maxDelayMs: 30 });
    let ran = false;
    const task = scheduler.run(async () => {
      ran = true;
    });
    const arrivals = setInterval(() => scheduler.arrived(), 5);
    await sleep(200);
    clearInterval(arrivals);
    expect(ran).toBe(true);
    await task;
  });

  it("starts one task per event-loop turn, in order", async () => {
    const scheduler = new AckFirstScheduler({ quietMs: 0 });
    const order: string[] = [];
    const first = scheduler.run(async () => {
      order.push("first");
    });
    const second = scheduler.run(async () => {
      order.push("second");
    });
    setImmediate(() => order.push("io turn"));
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "io turn", "second"]);
  });

  it("starts overdue tasks a few to a turn, in order, while events keep arriving", async () => {
    const scheduler = new AckFirstScheduler({ quietMs: 10_000, maxDelayMs: 20 });
    // An immediate that queues itself again runs once per event-loop turn; an event arrives
    // on every turn, so the burst never goes quiet and the tasks start only once overdue.
    let turn = 0;
    let counting = true;
    const count = () => {
      turn += 1;
      scheduler.arrived();
      if (counting) setImmediate(count);
    };
    scheduler.arrived();
    setImmediate(count);
    const startedIn: number[] = [];
    const tasks = Array.from({ length: 20 }, () =>
      scheduler.run(async () => {
        startedIn.push(turn);
      }),
    );
    await Promise.all(tasks);
    counting = false;
    expect(startedIn).toHaveLength(20);
    // One a turn would spread them over 20 turns; eight a turn, over three.
    expect((startedIn.at(-1) ?? 0) - (startedIn[0] ?? 0)).toBeLessThan(5);
  });

  it("passes results and errors through, and idle waits for running work", async () => {
    const scheduler = new AckFirstScheduler({ quietMs: 0 });
    await expect(scheduler.run(async () => 42)).resolves.toBe(42);
    await expect(scheduler.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    let done = false;
    void scheduler.run(async () => {
      await sleep(30);
      done = true;
    });
    await scheduler.idle();
    expect(done).toBe(true);
  });
});
