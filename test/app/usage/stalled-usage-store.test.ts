import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { isVsbotError } from "../../../src/engine/errors.js";
import type { Logger, StateStore } from "../../../src/engine/ports.js";
import { createRuntime, type Runtime } from "../../../src/runtime/runtime.js";
import { createStateStore } from "../../../src/store/create-store.js";
import { type FakeOpenAI, startFakeOpenAI } from "../../fakes/fake-openai-server.js";
import { discordOrigin, joke } from "../chat-harness.js";

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * A real memory store whose writes of usage never finish, as a shared store's do while it is
 * unreachable mid-request; everything else works.
 */
async function storeWithStalledUsage(): Promise<StateStore> {
  const store = await createStateStore("memory://", { logger: quiet });
  return {
    kind: store.kind,
    get: (key) => store.get(key),
    set: (key, value, ttlMs) => store.set(key, value, ttlMs),
    delete: (key) => store.delete(key),
    update: (key, mutate, ttlMs) =>
      key.startsWith("usage:") ? new Promise(() => {}) : store.update(key, mutate, ttlMs),
    close: () => store.close(),
  };
}

let model: FakeOpenAI | undefined;
let runtime: Runtime | undefined;

afterEach(async () => {
  await model?.close();
});

describe("a usage write that never finishes", () => {
  it("holds back neither the answer nor the error, nor the stop", async () => {
    model = await startFakeOpenAI();
    model.respondWith((request) =>
      JSON.stringify(request.body.messages).includes("cocoa") ? { status: 500 } : undefined,
    );
    runtime = await createRuntime(
      loadConfig({
        OPENAI_BASE_URL: model.baseURL,
        OPENAI_API_KEY: "sk-test",
        VSBOT_LOG_LEVEL: "silent",
        VSBOT_MODEL_RETRIES: "0",
        VSBOT_USER_RATE_LIMIT: "off",
      }),
      { store: await storeWithStalledUsage() },
    );
    const chat = runtime.chat;
    // Each reply waits a moment on its record before it goes out anyway: both wait at once.
    const [answered, failed] = await Promise.all([
      chat.handle(joke(discordOrigin({ user: "301" }))),
      chat.handle(joke(discordOrigin({ user: "302" }), "cocoa")).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ]);
    expect(answered[0]?.kind).toBe("answer");
    expect(isVsbotError(failed) ? failed.code : failed).toBe("model_unavailable");

    // The stop gives the stalled write its 2 s and no more, counted on a fake clock. Nothing
    // but timers runs between close() and that wait, so its timer is set before the clock moves.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let closed = false;
      const closing = runtime.close().then(() => {
        closed = true;
      });
      await vi.advanceTimersByTimeAsync(1999);
      expect(closed).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(closed).toBe(true);
      await closing;
    } finally {
      vi.useRealTimers();
    }
  });
});
