/**
 * The load test's clients, in a worker thread of their own: acknowledgement times are then
 * measured by an event loop that does nothing else, not one also running the fake Discord,
 * the fake model and the bookkeeping.
 */
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";

export interface SendJob {
  readonly job: number;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SendResult {
  readonly job: number;
  readonly status: number;
  readonly ms: number;
  readonly error?: string;
}

parentPort?.on("message", (job: SendJob) => {
  const started = performance.now();
  fetch(job.url, { method: "POST", headers: job.headers, body: job.body })
    .then(async (response) => {
      await response.arrayBuffer();
      const result: SendResult = {
        job: job.job,
        status: response.status,
        ms: performance.now() - started,
      };
      parentPort?.postMessage(result);
    })
    .catch((error: unknown) => {
      const result: SendResult = {
        job: job.job,
        status: 0,
        ms: performance.now() - started,
        error:
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error),
      };
      parentPort?.postMessage(result);
    });
});
