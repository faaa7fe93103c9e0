import { describe, expect, it } from "vitest";
import { addRound, claimFromTail, newTail, releaseLease } from "../../src/engine/tail-state.js";
import { JOKE_SPEC } from "../helpers/engine-harness.js";

const candidates = [
  { text: "a", probability: 0.5, verbalized: 0.5 },
  { text: "b", probability: 0.3, verbalized: 0.3 },
  { text: "c", probability: 0.2, verbalized: 0.2 },
];
const tail = newTail(JOKE_SPEC, candidates, [0], { batch: 1, tags: {}, now: 0 });
const lease = (token: string, now: number) => ({ token, now, durationMs: 1000 });

describe("claimFromTail", () => {
  it("hands out the least probable unshown candidate and records it as shown", () => {
    const { value, result } = claimFromTail(tail, undefined, lease("t1", 0));
    expect(result).toMatchObject({ kind: "claimed", refill: null, remaining: 1, shownBefore: 1 });
    expect(result.kind === "claimed" && result.claimed.map((candidate) => candidate.text)).toEqual([
      "c",
    ]);
    expect(value?.shown).toEqual([0, 2]);
  });

  it("takes the lease to fetch more when the tail runs short", () => {
    const empty = { ...tail, shown: [0, 1, 2] };
    const { value, result } = claimFromTail(empty, undefined, lease("t1", 0));
    expect(result).toMatchObject({
      kind: "claimed",
      claimed: [],
      refill: { token: "t1", wanted: 1 },
    });
    expect(value?.refill).toEqual({ token: "t1", until: 1000 });
  });

  it("makes other clicks wait while the lease is held, and lets them take it once it lapses", () => {
    const leased = { ...tail, shown: [0, 1, 2], refill: { token: "t1", until: 1000 } };
    expect(claimFromTail(leased, undefined, lease("t2", 500)).result).toEqual({ kind: "busy" });
    const after = claimFromTail(leased, undefined, lease("t2", 1500));
    expect(after.result).toMatchObject({ kind: "claimed", refill: { token: "t2" } });
  });

  it("reports a missing or foreign value as missing", () => {
    expect(claimFromTail(undefined, 1, lease("t", 0)).result).toEqual({ kind: "missing" });
    expect(claimFromTail({ version: 2 } as never, 1, lease("t", 0)).result).toEqual({
      kind: "missing",
    });
  });
});

describe("addRound", () => {
  it("appends new candidates as the next round, drops repeats, frees the lease and claims", () => {
    const leased = { ...tail, shown: [0, 1, 2], refill: { token: "t1", until: 1000 } };
    const fresh = [
      { text: "A!", probability: 0.4, verbalized: 0.04 },
      { text: "d", probability: 0.6, verbalized: 0.06 },
    ];
    const { value, result } = addRound(leased, fresh, { token: "t1", wanted: 1, shown: [] });
    expect(result).toMatchObject({ added: 1, remaining: 0 });
    expect(result?.claimed.map((candidate) => candidate.text)).toEqual(["d"]);
    expect(value?.candidates.at(-1)).toMatchObject({ text: "d", round: 2 });
    expect(value?.refill).toBeNull();
  });

  it("leaves a lease taken over by another click alone", () => {
    const leased = { ...tail, refill: { token: "t2", until: 1000 } };
    expect(addRound(leased, [], { token: "t1", wanted: 1, shown: [] }).value?.refill).toEqual({
      token: "t2",
      until: 1000,
    });
    expect(releaseLease(leased, "t1").value).toBe(leased);
    expect(releaseLease(leased, "t2").value?.refill).toBeNull();
  });
});
