import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../engine/ports.js";

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    await sleep(ms);
  },
};

/** 12 URL-safe characters (72 random bits): tail ids, lease tokens. */
export function createRandomId(): string {
  return randomBytes(9).toString("base64url");
}
