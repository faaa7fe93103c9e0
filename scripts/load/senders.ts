import { Worker } from "node:worker_threads";
import type { SendJob, SendResult } from "./sender.js";

/** Sends requests through the worker thread; resolves with status and time to the full response. */
export class Senders {
  readonly #worker = new Worker(new URL("./sender-entry.mjs", import.meta.url));
  readonly #waiting = new Map<number, (result: SendResult) => void>();
  #next = 0;

  constructor() {
    this.#worker.on("message", (result: SendResult) => {
      this.#waiting.get(result.job)?.(result);
      this.#waiting.delete(result.job);
    });
  }

  send(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendResult> {
    const job = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(job, resolve);
      const message: SendJob = { job, url, headers, body };
      this.#worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
