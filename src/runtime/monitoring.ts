import { type HealthServer, startHealthServer } from "../observability/health-server.js";
import { Readiness, storeCheck } from "../observability/readiness.js";
import type { RunningPlatform } from "../platforms/platform.js";
import type { Runtime } from "./runtime.js";

/** A store read slower than this counts as a store that is down. */
const STORE_PROBE_MS = 2000;

/** The health and metrics listener of one process, and what /readyz waits for. */
export interface Monitoring {
  /** The platforms have started; /readyz now follows their connections and the store. */
  platformsStarted(platforms: readonly RunningPlatform[]): void;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the listener on VSBOT_METRICS_PORT; undefined when it is unset. */
export async function startMonitoring(runtime: Runtime): Promise<Monitoring | undefined> {
  const port = runtime.config.metricsPort;
  const prometheus = runtime.prometheus;
  if (port === undefined || prometheus === undefined) return undefined;
  const readiness = new Readiness();
  readiness.add("store", storeCheck(runtime.store, STORE_PROBE_MS));
  let server: HealthServer;
  try {
    server = await startHealthServer({
      port,
      readiness: () => readiness.report(),
      metrics: prometheus,
      logger: runtime.logger,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "EADDRINUSE") throw error;
    const { ConfigError } = await import("../config/index.js");
    throw new ConfigError([
      `VSBOT_METRICS_PORT=${port} is already in use. Fix: choose a free port for health and metrics (it must differ from PORT and from other vsbot processes on this machine).`,
    ]);
  }
  return {
    port: server.port,
    platformsStarted: (platforms) => {
      for (const platform of platforms) {
        readiness.add(platform.name, () => platform.ready?.() ?? true);
      }
      readiness.started();
    },
    close: () => server.close(),
  };
}
