import type { Config } from "../config/index.js";
import type { RunningPlatform } from "../platforms/platform.js";
import type { Runtime } from "../runtime/runtime.js";

/** Builds the runtime (loaded on demand, so light subcommands start fast), runs, closes it. */
export async function withRuntime(
  config: Config,
  run: (runtime: Runtime) => Promise<void>,
): Promise<number> {
  const { createRuntime } = await import("../runtime/runtime.js");
  const runtime = await createRuntime(config);
  try {
    await run(runtime);
  } finally {
    await runtime.close();
  }
  return 0;
}

/** Runs servers until SIGINT or SIGTERM, then stops them and closes the runtime. */
export async function serve(
  config: Config,
  start: (runtime: Runtime) => Promise<readonly RunningPlatform[]>,
): Promise<number> {
  return withRuntime(config, async (runtime) => {
    const running = await start(runtime);
    runtime.logger.info("vsbot.started", {
      platforms: running.map((platform) => platform.name),
      model: runtime.model.description,
      store: runtime.store.kind,
    });
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    runtime.logger.info("vsbot.stopping", {});
    await Promise.allSettled(running.map((platform) => platform.stop()));
  });
}

// Platforms load on demand too: `vsbot console` never loads discord.js or Bolt.
export const discordPlatform = () => import("../platforms/discord/index.js");
export const slackPlatform = () => import("../platforms/slack/index.js");
