import { VsEngine } from "../src/engine/engine.js";
import type { ModelClient, StateStore } from "../src/engine/ports.js";
import { createSeededRandom } from "../src/engine/random.js";
import { silentLogger } from "../src/logger.js";
import { createRandomId, systemClock } from "../src/runtime/system.js";

/** The engine as src/runtime/runtime.ts builds it by default, seeded and silent, for benchmarks. */
export function benchEngine(model: ModelClient, store: StateStore): VsEngine {
  return new VsEngine({
    model,
    store,
    random: createSeededRandom(7),
    clock: systemClock,
    logger: silentLogger,
    createId: createRandomId,
    weights: { mode: "verbalized", temperature: 1 },
    decoding: { temperature: 0.7, topP: 1 },
    tailTtlMs: 24 * 60 * 60_000,
    refillLeaseMs: 65_000,
  });
}
