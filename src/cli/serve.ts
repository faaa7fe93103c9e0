import type { Config } from "../config/index.js";
import type { RunningPlatform } from "../platforms/platform.js";
import type { Runtime } from "../runtime/runtime.js";

/** Beyond the grace period, what the stop may take at most: notices, then closing the store. */
const STOP_MARGIN_MS = 5000;
/** How long the restart notices may take, within that margin. */
const NOTICE_MS = 3000;

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

function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const received = (signal: NodeJS.Signals) => {
      process.off("SIGINT", received);
      process.off("SIGTERM", received);
      resolve(signal);
    };
    process.on("SIGINT", received);
    process.on("SIGTERM", received);
  });
}

/**
 * Runs servers until SIGINT or SIGTERM. Then: no new work is taken, requests in flight get
 * VSBOT_SHUTDOWN_GRACE to finish, the users still waiting are told the bot is restarting,
 * the store is closed, and the process exits. It is gone within the grace plus 5 s whatever
 * a model or a store does; a second signal ends it at once.
 */
export async function serve(
  config: Config,
  start: (runtime: Runtime) => Promise<readonly RunningPlatform[]>,
): Promise<number> {
  const code = await withRuntime(config, async (runtime) => {
    // A last line of defence: a rejection nobody awaited is logged, not the end of the process.
    process.on("unhandledRejection", (reason: unknown) => {
      runtime.logger.error("vsbot.unhandled_rejection", { error: reason });
    });
    const running = await start(runtime);
    runtime.logger.info("vsbot.started", {
      platforms: running.map((platform) => platform.name),
      model: runtime.model.description,
      store: runtime.store.kind,
    });
    const signal = await nextStopSignal();
    const graceMs = config.shutdownGraceMs;
    runtime.logger.info("vsbot.stopping", { signal, graceMs });
    setTimeout(() => {
      runtime.logger.error("vsbot.forced_exit", { afterMs: graceMs + STOP_MARGIN_MS });
      process.exit(1);
    }, graceMs + STOP_MARGIN_MS).unref();
    void nextStopSignal().then(() => process.exit(130));
    await Promise.allSettled(
      running.map((platform) => platform.stop({ graceMs, noticeMs: NOTICE_MS })),
    );
    runtime.logger.info("vsbot.stopped", {});
  });
  // Work abandoned at the deadline (a model call that never answers) may hold sockets open;
  // nothing is left to do, so they do not get to keep the process alive.
  setTimeout(() => process.exit(), 250).unref();
  return code;
}

// Platforms load on demand too: `vsbot console` never loads discord.js or Bolt.
export const discordPlatform = () => import("../platforms/discord/index.js");
export const slackPlatform = () => import("../platforms/slack/index.js");
