import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A redis-server of the load test's own, on a port of its own (never the machine's shared
 * 6379), saving to a temporary folder so that a stop and a restart keep its data, as a
 * managed Redis does across a failover.
 */
export class OwnRedis {
  readonly port: number;
  readonly #folder = mkdtempSync(join(tmpdir(), "vsbot-load-redis-"));
  #process: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
  }

  async start(): Promise<void> {
    this.#process = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.#folder,
        "--save",
        "3600 1",
        "--appendonly",
        "no",
      ],
      { stdio: "ignore" },
    );
    for (let tries = 0; tries < 100; tries++) {
      if (await this.#answers()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** SIGTERM: Redis saves its data and exits; clients see it gone. */
  async stop(): Promise<void> {
    const running = this.#process;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  }

  #answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, "127.0.0.1");
      socket.setTimeout(300, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on("error", () => resolve(false));
      socket.on("connect", () => socket.write("PING\r\n"));
      socket.on("data", (chunk) => {
        socket.destroy();
        resolve(chunk.toString().startsWith("+PONG"));
      });
    });
  }
}
