import { defineConfig } from "vitest/config";

/**
 * Test files whose assertions cover the whole process: the fuzz tests record every unhandled
 * rejection and uncaught exception in it, so each runs in a fresh process of its own. Every
 * other file cleans up what it starts and shares its worker's loaded modules with the files
 * before it, which spares re-importing the SDKs for each of them.
 */
const OWN_PROCESS = ["test/fuzz/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Both cores: vitest's default leaves one free, which on two cores runs the files one by one.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: OWN_PROCESS,
          isolate: false,
        },
      },
      { extends: true, test: { name: "isolated", include: OWN_PROCESS, isolate: true } },
    ],
  },
});
