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

  it("serves the tail in a draw by weight, so likelier candidates tend to come first", async () => {
    harness = await createEngineHarness({ seed: 11 });
    const weights: [string, number][] = [
      ["heavy", 0.6],
      ["middle", 0.3],
      ["light", 0.1],
    ];
    const positions = new Map<string, number[]>(weights.map(([text]) => [text, []]));
    for (let chain = 0; chain < 60; chain++) {
      harness.fake.enqueue({ content: vsJson(weights) });
      const first = await harness.engine.start(harness.spec({ k: 3 }));
      const order = [first.candidates[0]?.text ?? ""];
      for (let click = 0; click < 2; click++) {
        order.push((await harness.engine.more(first.tailId)).candidates[0]?.text ?? "");
      }
      expect(new Set(order).size).toBe(3);
      order.forEach((text, position) => {
        positions.get(text)?.push(position);
      });
    }
    const meanPosition = (text: string) => {
      const values = positions.get(text) ?? [];
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    // Expected positions by weight without replacement: heavy 0.47, middle 1.05, light 1.48.
    expect(meanPosition("heavy")).toBeLessThan(meanPosition("middle"));
    expect(meanPosition("middle")).toBeLessThan(meanPosition("light"));
    expect(harness.fake.requests).toHaveLength(60);
  });

  it("makes exactly one call for more when the tail is empty, carrying tau and the latest texts", async () => {
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
    expect(prompt).toContain("Joke 1.5");
    expect(shown).not.toContain(sixth.candidates[0]?.text);
  });

  it("serves refill candidates that state p >= tau after all the others of their call", async () => {
    harness = await createEngineHarness({ seed: 3 });
    for (let chain = 0; chain < 8; chain++) {
      harness.fake.enqueue(
        { content: vsJson([[`first ${chain}`, 1]]) },
        {
          content: vsJson([
            [`too typical ${chain}`, 0.6],
            [`tail one ${chain}`, 0.05],
            [`also typical ${chain}`, 0.1],
            [`tail two ${chain}`, 0.02],
          ]),
        },
      );
      const first = await harness.engine.start(harness.spec({ k: 4, tau: 0.1 }));
      const served: string[] = [];
      for (let click = 0; click < 4; click++) {
        served.push((await harness.engine.more(first.tailId)).candidates[0]?.text ?? "");
      }
      expect(new Set(served.slice(0, 2))).toEqual(
        new Set([`tail one ${chain}`, `tail two ${chain}`]),
      );
      expect(new Set(served.slice(2))).toEqual(
        new Set([`too typical ${chain}`, `also typical ${chain}`]),
      );
    }
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

  it("asks VS-Multi for a few first, then for alternatives as the next turn of one conversation", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes(2));
    const first = await harness.engine.start(harness.spec({ method: "vs-multi", k: 5 }));
    expect(promptText(harness.fake.requests[0])).toContain("First, sample 2 at random");
    expect(first.remaining).toBe(1);
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
    expect(messages[3]?.content).toContain("Sample 5 alternative responses");
    expect(messages[3]?.content).toContain("below 0.1");
  });

  it("makes direct's call for more an independent call with the first prompt", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({
      content: `A plain joke number ${harness.fake.requests.length}.`,
    }));
    const first = await harness.engine.start(harness.spec({ method: "direct" }));
    await harness.engine.more(first.tailId);
    expect(harness.fake.requests).toHaveLength(2);
    expect(harness.fake.requests[1]?.body.messages).toEqual(
      harness.fake.requests[0]?.body.messages,
    );
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

  it("ends the chain when a call for more brings nothing new, and calls nothing after", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(() => ({ content: vsJson([["same old joke", 1]]) }));
    const first = await harness.engine.start(harness.spec());
    const ended = await harness.engine.more(first.tailId);
    expect(ended).toMatchObject({
      candidates: [],
      ended: true,
      modelCalls: 1,
      duplicatesDropped: 1,
    });
    for (let click = 0; click < 3; click++) {
      expect(await harness.engine.more(first.tailId)).toMatchObject({
        candidates: [],
        ended: true,
        modelCalls: 0,
      });
    }
    expect(harness.fake.requests).toHaveLength(2);
    expect((await harness.engine.distribution(first.tailId)).ended).toBe(true);
  });

  it("starts over with the same request after a chain ended", async () => {
    harness = await createEngineHarness();
    harness.fake.respondWith(freshJokes(2));
    const first = await harness.engine.start(harness.spec({ k: 2 }), {
      tags: { layout: "single" },
    });
    const again = await harness.engine.startOver(first.tailId);
    expect(again.tailId).not.toBe(first.tailId);
    expect(again).toMatchObject({ shownBefore: 0, modelCalls: 1, tags: { layout: "single" } });
    expect(harness.fake.requests[1]?.body.messages).toEqual(
      harness.fake.requests[0]?.body.messages,
    );
  });
});
