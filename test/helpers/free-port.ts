import { createServer } from "node:net";

/** Listens on `port` (0: one the OS picks) and lets go again; resolves with the port. */
function probe(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** A port nothing listens on right now (the OS picks it), for a child process to bind. */
export function freePort(): Promise<number> {
  return probe(0);
}

/**
 * The first of `count` consecutive free ports, for a process that binds the ports after the
 * one it is given (a shard manager's shards). Taken below Linux's ephemeral range (32768 and
 * up by default), where the OS never hands out ports of its own, for listeners or for the
 * client end of connections, so the ports after the first stay free while the test runs.
 */
export async function freePortRun(count: number): Promise<number> {
  const low = 20_000;
  const high = 32_000 - count;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = low + Math.floor(Math.random() * (high - low));
    const ports = Array.from({ length: count }, (_, index) => first + index);
    const free = await Promise.all(
      ports.map((port) =>
        probe(port).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (free.every(Boolean)) return first;
  }
  throw new Error(`no run of ${count} free ports between ${low} and ${high + count}`);
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
