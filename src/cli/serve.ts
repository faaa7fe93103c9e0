import { type Config, ConfigError } from "../config/index.js";
import type { RunningPlatform } from "../platforms/platform.js";
import type { Monitoring } from "../runtime/monitoring.js";
import type { Runtime } from "../runtime/runtime.js";

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

/** Runs servers until SIGINT or SIGTERM, then stops them and closes the runtime. */
export async function serve(
  config: Config,
  start: (runtime: Runtime) => Promise<readonly RunningPlatform[]>,
  options: { readonly httpPort?: number } = {},
): Promise<number> {
  checkPorts(config, options.httpPort);
  return withRuntime(
    config,
    async (runtime, monitoring) => {
      await checkModelAtStart(runtime);
      const running = await start(runtime);
      monitoring?.platformsStarted(running);
      runtime.logger.info("vsbot.started", {
        platforms: running.map((platform) => platform.name),
        model: runtime.model.description,
        store: runtime.store.kind,
        ...(monitoring ? { metricsPort: monitoring.port } : {}),
      });
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      runtime.logger.info("vsbot.stopping", {});
      await Promise.allSettled(running.map((platform) => platform.stop()));
    },
    { monitored: true },
  );
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
