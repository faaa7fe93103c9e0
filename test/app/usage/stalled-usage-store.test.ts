import { afterEach, describe, expect, it } from "vitest";
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
    const answered = await runtime.chat.handle(joke(discordOrigin({ user: "301" })));
    expect(answered[0]?.kind).toBe("answer");

    model.enqueue({ status: 500 });
    const failed = await runtime.chat.handle(joke(discordOrigin({ user: "302" }))).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isVsbotError(failed) ? failed.code : failed).toBe("model_unavailable");

    await runtime.close();
  });
});
