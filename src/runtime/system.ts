import { randomFillSync } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../engine/ports.js";

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    await sleep(ms);
  },
};

/** Random bytes drawn 4 KB at a time: a system call per id costs more than the id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** 12 URL-safe characters (72 random bits): tail ids, lease tokens. */
export function createRandomId(): string {
  if (used + 9 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 9;
  return pool.toString("base64url", used - 9, used);
}
