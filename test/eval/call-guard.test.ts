import { describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import type { Clock } from "../../src/engine/ports.js";
import { CallGuard } from "../../src/eval/call-guard.js";

function clock(): Clock & { readonly waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => 0, sleep: async (ms) => void waits.push(ms) };
}

const failWith = (code: VsbotError["code"]) => async (): Promise<never> => {
  throw new VsbotError(code, code);
};

describe("CallGuard", () => {
  it("retries what may pass, backing off, and gives up after the retries", async () => {
    const time = clock();
    const guard = new CallGuard({ clock: time, retries: 2 });
    await guard.run(
      async () => "first",
      () => {},
    );
    const outcomes: (string | null)[] = [];
    const value = await guard.run(failWith("model_unavailable"), ({ error }) =>
      outcomes.push(error?.code ?? null),
    );
    expect(value).toBeNull();
    expect(outcomes).toEqual(["model_unavailable", "model_unavailable", "model_unavailable"]);
    expect(time.waits).toEqual([500, 1000]);
  });

  it("does not retry a request the server refused as bad", async () => {
    const guard = new CallGuard({ clock: clock(), retries: 3 });
    await guard.run(
      async () => 1,
      () => {},
    );
    let attempts = 0;
    expect(await guard.run(failWith("model_bad_request"), () => attempts++)).toBeNull();
    expect(attempts).toBe(1);
  });

  it("stops the run on a rejected key, and every later call with it", async () => {
    const guard = new CallGuard({ clock: clock(), retries: 2 });
    await expect(guard.run(failWith("model_auth"), () => {})).rejects.toMatchObject({
      code: "model_auth",
    });
    await expect(
      guard.run(
        async () => 1,
        () => {},
      ),
    ).rejects.toMatchObject({ code: "model_auth" });
  });

  it("stops when the first five calls all failed, but not once one has passed", async () => {
    const cold = new CallGuard({ clock: clock(), retries: 0 });
    for (let call = 0; call < 4; call++)
      expect(await cold.run(failWith("model_connection"), () => {})).toBeNull();
    await expect(cold.run(failWith("model_connection"), () => {})).rejects.toThrow(
      /first 5 model calls all failed/,
    );

    const warm = new CallGuard({ clock: clock(), retries: 0 });
    await warm.run(
      async () => 1,
      () => {},
    );
    for (let call = 0; call < 8; call++)
      expect(await warm.run(failWith("model_connection"), () => {})).toBeNull();
    expect(warm.stopped).toBeNull();
  });
});
