import { createServer } from "node:net";

/** A port nothing listens on right now (the OS picks it), for a child process to bind. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GETs a path until `accept` says yes or `timeoutMs` passes; returns the last answer. */
export async function getUntil(
  url: string,
  accept: (status: number, body: string) => boolean,
  timeoutMs = 15_000,
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: "" };
  for (;;) {
    try {
      const response = await fetch(url);
      last = { status: response.status, body: await response.text() };
      if (accept(last.status, last.body)) return last;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The value of one Prometheus sample, e.g. `vsbot_answers_total{source="tail"}`; 0 when absent. */
export function sample(metrics: string, series: string): number {
  const line = metrics.split("\n").find((row) => row.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
