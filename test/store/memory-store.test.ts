import { describe } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createStateStore } from "../../src/store/create-store.js";
import { describeStateStoreContract } from "./state-store-contract.js";

describe("memory store", () => {
  describeStateStoreContract({
    persistent: false,
    namespacePrefix: "memory-",
    open: (namespace) => createStateStore("memory://", { logger: silentLogger, namespace }),
  });
});
