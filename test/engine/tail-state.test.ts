import { describe, expect, it } from "vitest";
import {
  addRound,
  claimFromTail,
  newTail,
  releaseLease,
  type TailState,
} from "../../src/engine/tail-state.js";
import { JOKE_SPEC } from "../helpers/engine-harness.js";

const candidates = [
  { text: "alpha joke", probability: 0.5, verbalized: 0.5 },
  { text: "bravo joke", probability: 0.3, verbalized: 0.3 },
  { text: "charlie joke", probability: 0.2, verbalized: 0.2 },
];
// Serving order as drawn: index 0 shown first, then 2, then 1.
const tail = newTail(JOKE_SPEC, candidates, [0, 2, 1], { batch: 1, tags: {}, now: 0 });
const lease = (token: string, now: number) => ({ token, now, durationMs: 1000 });
const refillLease = (token: string, wanted = 1) => ({
  token,
  wanted,
  known: tail.candidates.map((candidate) => candidate.text),
});
const guard = { threshold: 0.7 };

describe("newTail", () => {
  it("shows the first of the serving order and queues the rest in order", () => {
    expect(tail.shown).toEqual([0]);
    expect(tail.queue).toEqual([2, 1]);
  });
});

describe("claimFromTail", () => {
  it("hands out the next candidate of the serving order and records it as shown", () => {
    const { value, result } = claimFromTail(tail, undefined, lease("t1", 0));
    expect(result).toMatchObject({ kind: "claimed", refill: null, remaining: 1, shownBefore: 1 });
    expect(result.kind === "claimed" && result.claimed.map((candidate) => candidate.text)).toEqual([
      "charlie joke",
    ]);
    expect(value?.shown).toEqual([0, 2]);
    expect(value?.queue).toEqual([1]);
  });

  it("serves a tail stored before serving orders existed lowest probability first", () => {
    const { queue: _queue, ...legacy } = tail;
    const { result } = claimFromTail(legacy as TailState, undefined, lease("t1", 0));
    expect(result.kind === "claimed" && result.claimed.map((candidate) => candidate.text)).toEqual([
      "charlie joke",
    ]);
  });

  it("takes the lease to fetch more when the tail runs short, with every text of the chain in the order shown", () => {
    const empty = { ...tail, shown: [0, 2, 1], queue: [] };
    const { value, result } = claimFromTail(empty, undefined, lease("t1", 0));
    expect(result).toMatchObject({
      kind: "claimed",
      claimed: [],
      refill: { token: "t1", wanted: 1, known: ["alpha joke", "charlie joke", "bravo joke"] },
    });
    expect(value?.refill).toEqual({ token: "t1", until: 1000 });
  });

  it("makes other clicks wait while the lease is held, and lets them take it once it lapses", () => {
    const leased = { ...tail, shown: [0, 1, 2], queue: [], refill: { token: "t1", until: 1000 } };
    expect(claimFromTail(leased, undefined, lease("t2", 500)).result).toEqual({ kind: "busy" });
    const after = claimFromTail(leased, undefined, lease("t2", 1500));
    expect(after.result).toMatchObject({ kind: "claimed", refill: { token: "t2" } });
  });

  it("never fetches more for a chain that has ended, and changes nothing", () => {
    const ended = { ...tail, shown: [0, 1, 2], queue: [], ended: true };
    const { value, result } = claimFromTail(ended, undefined, lease("t1", 0));
    expect(result).toMatchObject({ kind: "claimed", claimed: [], refill: null, ended: true });
    expect(value).toBe(ended);
  });

  it("reports a missing or foreign value as missing", () => {
    expect(claimFromTail(undefined, 1, lease("t", 0)).result).toEqual({ kind: "missing" });
    expect(claimFromTail({ version: 2 } as never, 1, lease("t", 0)).result).toEqual({
      kind: "missing",
    });
  });
});

describe("addRound", () => {
  const leased: TailState = {
    ...tail,
    shown: [0, 2, 1],
    queue: [],
    refill: { token: "t1", until: 1000 },
  };

  it("appends new candidates as the next round in their order, drops exact repeats, frees the lease and claims", () => {
    const fresh = [
      { text: "Alpha joke!", probability: 0.3, verbalized: 0.03 },
      { text: "delta joke", probability: 0.3, verbalized: 0.06 },
      { text: "echo joke", probability: 0.4, verbalized: 0.04 },
    ];
    const { value, result } = addRound(
      leased,
      { candidates: fresh, order: [2, 1, 0], dropped: 0 },
      refillLease("t1"),
      guard,
    );
    expect(result).toMatchObject({ added: 2, dropped: 1, remaining: 1, ended: false });
    expect(result?.claimed.map((candidate) => candidate.text)).toEqual(["echo joke"]);
    expect(value?.candidates.at(-1)).toMatchObject({ text: "delta joke", round: 2 });
    expect(value?.queue).toEqual([4]);
    expect(value?.refill).toBeNull();
    expect(value?.duplicatesDropped).toBe(1);
  });

  it("ends the chain when the round brings nothing new", () => {
    const { value, result } = addRound(
      leased,
      {
        candidates: [{ text: "bravo joke", probability: 1, verbalized: 0.05 }],
        order: [0],
        dropped: 2,
      },
      refillLease("t1"),
      guard,
    );
    expect(result).toMatchObject({ added: 0, dropped: 3, claimed: [], ended: true });
    expect(value?.ended).toBe(true);
    expect(value?.refill).toBeNull();
  });

  it("screens near-repeats of candidates that arrived after the lease was taken", () => {
    const grown: TailState = {
      ...leased,
      candidates: [
        ...leased.candidates,
        {
          text: "the barista quit over a latte disagreement",
          probability: 1,
          verbalized: 0.05,
          round: 2,
        },
      ],
      queue: [3],
    };
    const { result } = addRound(
      grown,
      {
        candidates: [
          {
            text: "The barista quit over a latte disagreement!!",
            probability: 0.5,
            verbalized: 0.05,
          },
          { text: "a wholly different joke", probability: 0.5, verbalized: 0.05 },
        ],
        order: [0, 1],
        dropped: 0,
      },
      refillLease("t1", 2),
      guard,
    );
    expect(result).toMatchObject({ added: 1, dropped: 1 });
  });

  it("keeps repeats of earlier rounds for independent draws", () => {
    const picks: TailState = { ...leased, spec: { ...JOKE_SPEC, draws: "independent" } };
    const { result } = addRound(
      picks,
      {
        candidates: [{ text: "alpha joke", probability: 1, verbalized: 0.5 }],
        order: [0],
        dropped: 0,
      },
      refillLease("t1"),
      guard,
    );
    expect(result).toMatchObject({ added: 1, dropped: 0, ended: false });
  });

  it("leaves a lease taken over by another click alone", () => {
    const other = { ...tail, refill: { token: "t2", until: 1000 } };
    const empty = { candidates: [], order: [], dropped: 0 };
    expect(addRound(other, empty, refillLease("t1"), guard).value?.refill).toEqual({
      token: "t2",
      until: 1000,
    });
    expect(releaseLease(other, "t1").value).toBe(other);
    expect(releaseLease(other, "t2").value?.refill).toBeNull();
  });
});
