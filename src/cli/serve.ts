import { type Config, ConfigError } from "../config/index.js";
import type { RunningPlatform } from "../platforms/platform.js";
import type { Monitoring } from "../runtime/monitoring.js";
import type { Runtime } from "../runtime/runtime.js";
import { listenForStopRequests } from "./stop-requests.js";

/** Beyond the grace period, what the stop may take at most: notices, then closing the store. */
const STOP_MARGIN_MS = 5000;
/** How long the restart notices may take, within that margin. */
const NOTICE_MS = 3000;

export interface RuntimeOptions {
  /** Serve /healthz, /readyz and /metrics on VSBOT_METRICS_PORT while it runs. */
  readonly monitored?: boolean;
}

/** Builds the runtime (loaded on demand, so light subcommands start fast), runs, closes it. */
export async function withRuntime(
  config: Config,
  run: (runtime: Runtime, monitoring: Monitoring | undefined) => Promise<void>,
  options: RuntimeOptions = {},
): Promise<number> {
  const { createRuntime } = await import("../runtime/runtime.js");
  const runtime = await createRuntime(config);
  let monitoring: Monitoring | undefined;
  try {
    if (options.monitored) {
      monitoring = await (await import("../runtime/monitoring.js")).startMonitoring(runtime);
    }
    await run(runtime, monitoring);
  } finally {
    await monitoring?.close();
    await runtime.close();
  }
  return 0;
}

/** One HTTP listener per port: the platform's receiver and monitoring cannot share one. */
export function checkPorts(config: Config, platformPort: number | undefined): void {
  if (platformPort === undefined || config.metricsPort !== platformPort) return;
  throw new ConfigError([
    `VSBOT_METRICS_PORT=${config.metricsPort} is also the port of the ${platformPort === config.port ? "PORT" : "--port"} listener. Fix: give health and metrics a port of their own, e.g. VSBOT_METRICS_PORT=9090.`,
  ]);
}

/**
 * Runs servers until SIGINT or SIGTERM (or, in a forked shard, until its manager is gone), with
 * health and metrics on VSBOT_METRICS_PORT. Then:
 * no new work is taken, requests in flight get VSBOT_SHUTDOWN_GRACE to finish, the users
 * still waiting are told the bot is restarting, the store is closed, and the process exits.
 * It is gone within the grace plus 5 s whatever a model or a store does; a second signal
 * ends it at once.
 */
export async function serve(
  config: Config,
  start: (runtime: Runtime) => Promise<readonly RunningPlatform[]>,
  options: { readonly httpPort?: number } = {},
): Promise<number> {
  checkPorts(config, options.httpPort);
  const code = await withRuntime(
    config,
    async (runtime, monitoring) => {
      // A last line of defence: a rejection nobody awaited is logged, not the end of the process.
      process.on("unhandledRejection", (reason: unknown) => {
        runtime.logger.error("vsbot.unhandled_rejection", { error: reason });
      });
      if (process.send) {
        // discord.js reports a shard's events to its manager with process.send and no
        // callback: once the manager is gone, each report is an 'error' event on the process,
        // which unheard would end it in the middle of its stop.
        process.on("error", (error) => {
          runtime.logger.debug("vsbot.parent_unreachable", { error });
        });
      }
      await checkModelAtStart(runtime);
      const running = await start(runtime);
      monitoring?.platformsStarted(running);
      runtime.logger.info("vsbot.started", {
        platforms: running.map((platform) => platform.name),
        model: runtime.model.description,
        store: runtime.store.kind,
        ...(monitoring ? { metricsPort: monitoring.port } : {}),
      });
      const stopRequests = listenForStopRequests();
      const reason = await stopRequests.next();
      const graceMs = config.shutdownGraceMs;
      runtime.logger.info("vsbot.stopping", {
        ...(reason.startsWith("SIG") ? { signal: reason } : { reason }),
        graceMs,
      });
      setTimeout(() => {
        runtime.logger.error("vsbot.forced_exit", { afterMs: graceMs + STOP_MARGIN_MS });
        process.exit(1);
      }, graceMs + STOP_MARGIN_MS).unref();
      void stopRequests.secondSignal(reason).then(() => process.exit(130));
      await Promise.allSettled(
        running.map((platform) => platform.stop({ graceMs, noticeMs: NOTICE_MS })),
      );
      runtime.logger.info("vsbot.stopped", {});
    },
    { monitored: true },
  );
  // An open IPC channel (to a shard's manager) keeps a process alive; nothing more goes over it.
  if (process.connected) process.disconnect?.();
  // Work abandoned at the deadline (a model call that never answers) may hold sockets open;
  // nothing is left to do, so they do not get to keep the process alive.
  setTimeout(() => process.exit(), 250).unref();
  return code;
}

/**
 * Asks the model server which models it serves, so a missing model is reported at start (in
 * the log, and returned for the console to show) rather than at the first command.
 */
export async function checkModelAtStart(runtime: Runtime): Promise<string | undefined> {
  const { checkServedModels } = await import("../runtime/model-check.js");
  return checkServedModels(runtime);
}

// Platforms load on demand too: `vsbot console` never loads discord.js or Bolt.
export const discordPlatform = () => import("../platforms/discord/index.js");
export const slackPlatform = () => import("../platforms/slack/index.js");
