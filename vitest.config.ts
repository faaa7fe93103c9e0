import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * The fuzz tests assert over their whole worker (they record every unhandled rejection and
 * uncaught exception in it, file by file), so they run in workers of their own, never after
 * files whose leftovers could land in their window.
 */
const OWN_WORKER = ["test/fuzz/**/*.test.ts"];

/**
 * The Discord rate-limit test holds the bot to Discord's real deadline (an interaction not
 * acknowledged within 3 s is gone) for 60 interactions at once behind the 50/s global limiter.
 * Under the suite's own load on two cores its late acknowledgements fail it, so it runs last,
 * alone, in a worker of its own.
 */
const ALONE = ["test/platforms/discord/rate-limits.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Worker threads, not child processes: the runner hands each worker its transformed
    // modules, which costs less between threads than over a process's IPC channel (4 s less
    // wall time for the suite here). The processes tests need (the CLI, bots, shards) are
    // spawned by the tests themselves.
    pool: "threads",
    // One worker more than there are cores. Many files spend much of their time waiting (for a
    // grace, a deadline, a process to start), and a worker waiting on its file leaves its core
    // idle; the extra worker fills it. On two cores: 37-41 s for the suite against 43-48 s with
    // two workers (vitest's default of cores - 1 would run the files one by one).
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        // Every other file cleans up what it starts and shares its worker's loaded modules with
        // the files before it, which spares re-importing the SDKs for each of them.
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...OWN_WORKER, ...ALONE],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "isolated", include: OWN_WORKER, isolate: false },
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
