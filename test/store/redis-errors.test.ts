import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";

function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function failure(url: string, timeoutMs = 1500): Promise<VsbotError> {
  try {
    const store = await createStateStore(url, { logger: silentLogger, timeoutMs });
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(VsbotError);
    return error as VsbotError;
  }
  throw new Error(`expected ${url} to fail`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("Redis start-up errors say what is wrong and how to fix it", () => {
  // Neither shares anything with the other, and each mostly waits on its timeout.
  it.concurrent("tells a refused connection apart, with its fix", async () => {
    // The refusal comes back from loopback at once; the timeout only ends the retries after it.
    const error = await failure(`redis://127.0.0.1:${await freePort()}`, 500);
    expect(error.details.reason).toBe("refused");
    expect(error.userMessage).toMatch(/connection refused.*Fix: start Redis/);
  });

  it.concurrent("tells a server that never answers apart, within the timeout", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const started = Date.now();
    try {
      const error = await failure(`redis://127.0.0.1:${port}`, 300);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.details.reason).toBe("timeout");
      expect(error.userMessage).toMatch(/did not answer within 300 ms.*Fix:/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  describe.skipIf(!hasRedisServer())("against a Redis of its own that requires a password", () => {
    let server: ChildProcess;
    let port = 0;
    beforeAll(async () => {
      port = await freePort();
      server = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--requirepass",
          "right-pass",
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        { stdio: "ignore" },
      );
      for (let tries = 0; tries < 50; tries++) {
        const error = await failure(`redis://:right-pass@127.0.0.1:${port}/9`).catch(() => null);
        if (error === null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    afterAll(() => {
      server?.kill("SIGKILL");
    });

    it("says the password was refused, never echoing it", async () => {
      const error = await failure(`redis://:wrong-pass-1234@127.0.0.1:${port}/9`);
      expect(error.details.reason).toBe("auth");
      expect(error.userMessage).toMatch(
        /refused the user name or password.*Fix: correct the password/,
      );
      expect(`${error.message} ${error.userMessage}`).not.toContain("wrong-pass-1234");
    });

    it("says a password is needed when none is given", async () => {
      const error = await failure(`redis://127.0.0.1:${port}/9`);
      expect(error.details.reason).toBe("auth");
      expect(error.userMessage).toMatch(/requires a password/);
    });

    it("opens with the right password", async () => {
      const store = await createStateStore(`redis://:right-pass@127.0.0.1:${port}/9`, {
        logger: silentLogger,
        namespace: "vsbot-redis-errors",
      });
      await store.close();
    });
  });
});
