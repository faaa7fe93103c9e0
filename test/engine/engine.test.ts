import { afterEach, describe, expect, it } from "vitest";
import { VsbotError } from "../../src/engine/errors.js";
import { vsJson } from "../fakes/fake-openai-server.js";
import { createEngineHarness, freshJokes, promptText } from "../helpers/engine-harness.js";

type Harness = Awaited<ReturnType<typeof createEngineHarness>>;
let harness: Harness;

afterEach(async () => {
  await harness?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VsbotError);
    return (error as VsbotError).code;
  }
  throw new Error("expected the promise to reject");
}

describe("VsEngine through the real openai client", () => {
  it("shows one sampled candidate and serves four more from the tail without a model call", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes());
    const first = await harness.engine.start(harness.spec());
    expect(first.modelCalls).toBe(1);
    expect(first.candidates).toHaveLength(1);
    expect(first.remaining).toBe(4);
    const texts = [first.candidates[0]?.text];
    for (let click = 0; click < 4; click++) {
      const draw = await harness.engine.more(first.tailId);
      expect(draw.modelCalls).toBe(0);
      texts.push(draw.candidates[0]?.text);
    }
    expect(new Set(texts).size).toBe(5);
    expect(harness.fake.requests).toHaveLength(1);
  });

  it("serves the tail lowest probability first", async () => {
    harness = await createEngineHarness();
    harness.fake.enqueue({
      content: vsJson([
        ["a", 0.4],
        ["b", 0.3],
        ["c", 0.2],
        ["d", 0.06],
        ["e", 0.04],
      ]),
    });
    const first = await harness.engine.start(harness.spec());
    const remaining = ["a", "b", "c", "d", "e"].filter(
      (text) => text !== first.candidates[0]?.text,
    );
    const served: string[] = [];
    for (let click = 0; click < 4; click++) {
      served.push((await harness.engine.more(first.tailId)).candidates[0]?.text ?? "");
    }
    expect(served).toEqual([...remaining].reverse());
  });

  it("makes exactly one call for more when the tail is empty, carrying tau and every shown text", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes());
    const first = await harness.engine.start(harness.spec({ tau: 0.08 }));
    const shown = [first.candidates[0]?.text ?? ""];
    for (let click = 0; click < 4; click++) {
      shown.push((await harness.engine.more(first.tailId)).candidates[0]?.text ?? "");
    }
    const sixth = await harness.engine.more(first.tailId);
    expect(sixth.modelCalls).toBe(1);
    expect(harness.fake.requests).toHaveLength(2);
    const prompt = promptText(harness.fake.requests[1]);
    expect(prompt).toContain("below 0.08");
    for (const text of shown) expect(prompt).toContain(text);
    expect(shown).not.toContain(sixth.candidates[0]?.text);
  });

  it("asks beforeModelCall only for a click that would call the model, and calls nothing when it refuses", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes());
    const first = await harness.engine.start(harness.spec());
    let asked = 0;
    const refuse = async () => {
      asked++;
      throw new VsbotError("user_rate_limited", "over the limit");
    };
    for (let click = 0; click < 4; click++) {
      await harness.engine.more(first.tailId, { beforeModelCall: refuse });
    }
    expect(asked).toBe(0);
    expect(await codeOf(harness.engine.more(first.tailId, { beforeModelCall: refuse }))).toBe(
      "user_rate_limited",
    );
    expect(asked).toBe(1);
    expect(harness.fake.requests).toHaveLength(1);
    // The refusal freed the lease: the next click may fetch more at once.
    const next = await harness.engine.more(first.tailId, { beforeModelCall: async () => {} });
    expect(next.modelCalls).toBe(1);
    expect(harness.fake.requests).toHaveLength(2);
  });

  it("asks VS-Multi for more as the next turn of one conversation", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes(2));
    const first = await harness.engine.start(harness.spec({ method: "vs-multi", k: 2 }));
    await harness.engine.more(first.tailId);
    await harness.engine.more(first.tailId);
    const messages = (harness.fake.requests[1]?.body.messages ?? []) as {
      role: string;
      content: string;
    }[];
    expect(messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(messages[2]?.content).toContain("Joke 1.1");
    expect(messages[2]?.content).toContain("Joke 1.2");
    expect(messages[3]?.content).toContain("below 0.1");
  });

  it("never shows the same text twice, even when a call for more repeats earlier answers", async () => {
    harness = await createEngineHarness();
    harness.fake.enqueue(
      {
        content: vsJson([
          ["one", 0.5],
          ["two", 0.3],
          ["three", 0.2],
        ]),
      },
      {
        content: vsJson([
          ["One!", 0.05],
          ["four", 0.04],
          ["TWO", 0.03],
        ]),
      },
      {
        content: vsJson([
          ["four", 0.09],
          ["five", 0.05],
        ]),
      },
    );
    const first = await harness.engine.start(harness.spec({ k: 3 }));
    const texts = [first.candidates[0]?.text];
    for (let click = 0; click < 4; click++) {
      texts.push((await harness.engine.more(first.tailId)).candidates[0]?.text);
    }
    expect(texts.sort()).toEqual(["five", "four", "one", "three", "two"]);
    expect(harness.fake.requests).toHaveLength(3);
  });

  it("hands each candidate to at most one of many concurrent clicks and loses none", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes());
    const first = await harness.engine.start(harness.spec());
    const draws = await Promise.all(
      Array.from({ length: 24 }, () => harness.engine.more(first.tailId)),
    );
    const texts = draws.map((draw) => draw.candidates[0]?.text);
    expect(new Set(texts).size).toBe(24);
    const calls = harness.fake.requests.length - 1;
    // 4 from the first tail, then 20 from new calls of 5: exactly 4 calls for more, no waste.
    expect(calls).toBe(4);
    const view = await harness.engine.distribution(first.tailId);
    expect(view.candidates.filter((candidate) => candidate.shown)).toHaveLength(25);
  });

  it("shows a batch for list replies and continues the numbering on more", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes(10));
    const first = await harness.engine.start(harness.spec({ k: 10 }), { show: 4 });
    expect(first.candidates).toHaveLength(4);
    const second = await harness.engine.more(first.tailId);
    expect(second.shownBefore).toBe(4);
    expect(second.candidates).toHaveLength(4);
    const third = await harness.engine.more(first.tailId);
    expect(third.candidates).toHaveLength(4);
    expect(third.modelCalls).toBe(1);
    const all = [...first.candidates, ...second.candidates, ...third.candidates].map(
      (candidate) => candidate.text,
    );
    expect(new Set(all).size).toBe(12);
  });

  it("keeps tags with the tail and returns them on every draw", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes());
    const first = await harness.engine.start(harness.spec(), { tags: { persona: "p1" } });
    expect((await harness.engine.more(first.tailId)).tags).toEqual({ persona: "p1" });
  });

  it("reports an unknown tail as tail_not_found", async () => {
    harness = await createEngineHarness();
    expect(await codeOf(harness.engine.more("no-such-tail"))).toBe("tail_not_found");
    expect(await codeOf(harness.engine.distribution("no-such-tail"))).toBe("tail_not_found");
  });
});

describe("VsEngine failure paths", () => {
  it("asks once more when the reply cannot be read, then uses the repaired reply", async () => {
    harness = await createEngineHarness();
    harness.fake.enqueue(
      { content: "Sure! Here are some jokes, hope you like them." },
      { content: vsJson([["fixed", 1]]) },
    );
    const draw = await harness.engine.start(harness.spec());
    expect(draw.candidates[0]?.text).toBe("fixed");
    expect(draw.modelCalls).toBe(2);
    expect(draw.warnings.join(" ")).toMatch(/could not be read/);
    expect(promptText(harness.fake.requests[1])).toMatch(/could not be read/);
  });

  it("fails with output_unparseable after one repair, keeping the raw text in the details", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({ content: "I would rather not list anything." }));
    const error = await harness.engine.start(harness.spec()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VsbotError);
    expect((error as VsbotError).code).toBe("output_unparseable");
    expect((error as VsbotError).details.rawText).toContain("rather not");
    expect(harness.fake.requests).toHaveLength(2);
  });

  it("keeps every complete candidate of a reply cut off at the token limit", async () => {
    harness = await createEngineHarness();
    const full = vsJson([
      ["first", 0.5],
      ["second", 0.3],
      ["third and longest of all", 0.2],
    ]);
    harness.fake.enqueue({
      content: full.slice(0, full.indexOf("longest")),
      finishReason: "length",
    });
    const draw = await harness.engine.start(harness.spec());
    const view = await harness.engine.distribution(draw.tailId);
    expect(view.candidates.map((candidate) => candidate.text).sort()).toEqual(["first", "second"]);
    expect(harness.fake.requests).toHaveLength(1);
  });

  it("fails with output_truncated when the output is cut off before any candidate", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({
      content: '{"responses": [{"text": "Why did the',
      finishReason: "length",
    }));
    expect(await codeOf(harness.engine.start(harness.spec()))).toBe("output_truncated");
  });

  it("fails with model_empty when the model answers with nothing twice", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({ content: "" }));
    expect(await codeOf(harness.engine.start(harness.spec()))).toBe("model_empty");
  });

  it("turns a timeout, a rate limit and a server error into their codes", async () => {
    harness = await createEngineHarness({ timeoutMs: 300 });
    harness.fake.enqueue({ hang: true });
    expect(await codeOf(harness.engine.start(harness.spec()))).toBe("model_timeout");
    harness.fake.enqueue({ status: 429, headers: { "retry-after": "0" } });
    expect(await codeOf(harness.engine.start(harness.spec()))).toBe("model_rate_limited");
    harness.fake.enqueue({ status: 500 });
    expect(await codeOf(harness.engine.start(harness.spec()))).toBe("model_unavailable");
  });

  it("frees the tail for the next click when a call for more fails", async () => {
    harness = await createEngineHarness();
    harness.fake.enqueue(
      { content: vsJson([["only", 1]]) },
      { status: 500 },
      { content: vsJson([["next", 0.05]]) },
    );
    const first = await harness.engine.start(harness.spec());
    expect(await codeOf(harness.engine.more(first.tailId))).toBe("model_unavailable");
    const retried = await harness.engine.more(first.tailId);
    expect(retried.candidates[0]?.text).toBe("next");
  });

  it("says the tail is exhausted when a call for more brings nothing new", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({ content: vsJson([["same old joke", 1]]) }));
    const first = await harness.engine.start(harness.spec());
    expect(await codeOf(harness.engine.more(first.tailId))).toBe("tail_exhausted");
  });
});
