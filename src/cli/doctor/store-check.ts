import { randomBytes } from "node:crypto";
import type { Config } from "../../config/index.js";
import { isVsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";
import { createStateStore, describeStoreUrl } from "../../store/create-store.js";
import { type CheckResult, fail, ok, reasonOf } from "./check.js";

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The store opens and takes a write, a read and a delete. */
export async function checkStore(config: Config): Promise<CheckResult> {
  const where = describeStoreUrl(config.store.url);
  const fix =
    "check VSBOT_STORE_URL: for redis://, that Redis runs and the password is right; for sqlite://, that the folder is writable.";
  let store: Awaited<ReturnType<typeof createStateStore>>;
  try {
    store = await createStateStore(config.store.url, {
      logger: silent,
      namespace: config.store.namespace,
      timeoutMs: 5000,
    });
  } catch (error) {
    return fail(
      "store",
      `${where} could not be opened: ${isVsbotError(error) ? error.userMessage : reasonOf(error)}`,
      fix,
    );
  }
  const key = `doctor:${randomBytes(6).toString("hex")}`;
  try {
    await store.set(key, "probe", 60_000);
    const read = await store.get<string>(key);
    await store.delete(key);
    if (read !== "probe") return fail("store", `${where} did not return what was written.`, fix);
    return ok("store", `${where} (${store.kind}) takes writes and reads.`);
  } catch (error) {
    return fail("store", `${where} failed a write or read: ${reasonOf(error)}`, fix);
  } finally {
    await store.close().catch(() => {});
  }
}
