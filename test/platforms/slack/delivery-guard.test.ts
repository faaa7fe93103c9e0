import { describe, expect, it } from "vitest";
import type { StateStore } from "../../../src/engine/ports.js";
import { DeliveryGuard } from "../../../src/platforms/slack/delivery-guard.js";
import { createStateStore } from "../../../src/store/create-store.js";
import { captureLogger } from "../../helpers/capture-logger.js";

describe("DeliveryGuard", () => {
  it("lets exactly one of many concurrent deliveries of a key through", async () => {
    const store = await createStateStore("memory://", { logger: captureLogger() });
    const guard = new DeliveryGuard(store, captureLogger());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => guard.first("command:T1:abc")),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await guard.first("command:T1:other")).toBe(true);
    await store.close();
  });

  it("lets deliveries through when the store fails, and logs it", async () => {
    const broken = {
      update: async () => {
        throw new Error("store down");
      },
    } as unknown as StateStore;
    const logger = captureLogger();
    const guard = new DeliveryGuard(broken, logger);
    expect(await guard.first("x")).toBe(true);
    expect(logger.lines.map((line) => line.event)).toContain("slack.dedupe_unavailable");
  });
});
