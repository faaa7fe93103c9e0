import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../engine/ports.js";
import type { ReadinessReport } from "./readiness.js";

export interface HealthServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly readiness: () => Promise<ReadinessReport>;
  /** The Prometheus text exposition and its content type. */
  readonly metrics: { text(): Promise<string>; readonly contentType: string };
  readonly logger: Logger;
}

export interface HealthServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  response.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  response.end(body);
}

/**
 * The monitoring listener, the same in every mode: GET /healthz answers 200 while the process
 * runs; GET /readyz 200 when the store and the platform connections are ready, else 503, with
 * the checks as JSON; GET /metrics the Prometheus text format.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { logger } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      return send(response, 405, "use GET\n");
    }
    if (path === "/healthz") return send(response, 200, "ok\n");
    if (path === "/readyz") {
      options.readiness().then(
        (report) =>
          send(
            response,
            report.ready ? 200 : 503,
            `${JSON.stringify(report)}\n`,
            "application/json",
          ),
        (error: unknown) => {
          logger.warn("health.readiness_failed", { error });
          send(response, 503, `${JSON.stringify({ ready: false })}\n`, "application/json");
        },
      );
      return;
    }
    if (path === "/metrics") {
      options.metrics.text().then(
        (text) => send(response, 200, text, options.metrics.contentType),
        (error: unknown) => {
          logger.error("health.metrics_failed", { error });
          send(response, 500, "metrics unavailable\n");
        },
      );
      return;
    }
    send(response, 404, "not found: try /healthz, /readyz or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info("health.listening", { port, paths: ["/healthz", "/readyz", "/metrics"] });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
