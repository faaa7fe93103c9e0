import { defineConfig } from "vitest/config";

/**
 * The fuzz tests assert over the whole process (they record every unhandled rejection and
 * uncaught exception in it), so each runs in a fresh process of its own.
 */
const OWN_PROCESS = ["test/fuzz/**/*.test.ts"];

/**
 * The Discord rate-limit test holds the bot to Discord's real deadline (an interaction not
 * acknowledged within 3 s is gone) for 60 interactions at once behind the 50/s global limiter.
 * Under the suite's own load on two cores its late acknowledgements fail it, so it runs last,
 * alone, in a process of its own.
 */
const ALONE = ["test/platforms/discord/rate-limits.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Both cores: vitest's default leaves one free, which on two cores runs the files one by one.
    maxWorkers: 2,
    projects: [
      {
        // Every other file cleans up what it starts and shares its worker's loaded modules with
        // the files before it, which spares re-importing the SDKs for each of them.
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...OWN_PROCESS, ...ALONE],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "isolated", include: OWN_PROCESS, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "alone",
          include: ALONE,
          isolate: true,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
