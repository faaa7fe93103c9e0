import { afterEach, describe, expect, it } from "vitest";
import { forEachPairRougeL } from "../../src/diversity/pairwise-rouge-l.js";
import { vsJson } from "../fakes/fake-openai-server.js";
import { createEngineHarness } from "../helpers/engine-harness.js";
import { paperDataExists, paperDataSkipReason, readPaperLines } from "./parse/paper-data.js";

type Harness = Awaited<ReturnType<typeof createEngineHarness>>;
let harness: Harness;

afterEach(async () => {
  await harness?.close();
});

type Call = readonly (readonly [string, number])[];

const THRESHOLD = 0.7;
const MAX_ANSWERS = 30;

/**
 * Replays one prompt's recorded calls through the real engine: the first call answers /joke,
 * each call for more gets the next recorded call (the last one again once they run out),
 * and clicks go on until 30 answers or the chain ends.
 */
async function replayChain(calls: readonly Call[]): Promise<{ answers: string[]; tailId: string }> {
  let next = 0;
  harness.fake.respondWith(() => {
    const call = calls[Math.min(next, calls.length - 1)] ?? [];
    next++;
    return { content: vsJson(call) };
  });
  const first = await harness.engine.start(harness.spec());
  const answers = first.candidates.map((candidate) => candidate.text);
  while (answers.length < MAX_ANSWERS) {
    const draw = await harness.engine.more(first.tailId);
    answers.push(...draw.candidates.map((candidate) => candidate.text));
    if (draw.ended) break;
  }
  return { answers, tailId: first.tailId };
}

function pairsAtOrAbove(texts: readonly string[], threshold: number): number {
  let pairs = 0;
  forEachPairRougeL(texts, (score) => {
    if (score >= threshold) pairs++;
  });
  return pairs;
}

/** The recorded calls of one file, grouped by prompt in file order. */
function callsByPrompt(file: string): Call[][] {
  const byPrompt = new Map<string, Call[]>();
  for (const line of readPaperLines(file)) {
    const calls = byPrompt.get(line.prompt) ?? [];
    calls.push(
      line.responses.map((response) => [response.text, response.probability ?? 0] as const),
    );
    byPrompt.set(line.prompt, calls);
  }
  return [...byPrompt.values()];
}

describe.skipIf(!paperDataExists)(
  `the duplicate guard on the paper's VS-Standard joke outputs${paperDataExists ? "" : ` (${paperDataSkipReason})`}`,
  () => {
    it.each(["gpt-4.1/vs-standard.jsonl", "gemini-2.5-flash/vs-standard.jsonl"])(
      "lets no near-duplicate pair into any chain of %s and still delivers 15 answers a prompt",
      async (file) => {
        harness = await createEngineHarness({ seed: 3 });
        const prompts = callsByPrompt(file);
        expect(prompts).toHaveLength(8);
        const raw = prompts.map((calls) =>
          pairsAtOrAbove(
            calls.flat().map(([text]) => text),
            THRESHOLD,
          ),
        );
        // The recorded outputs hold such pairs; the delivered chains must hold none.
        expect(raw.reduce((sum, pairs) => sum + pairs, 0)).toBeGreaterThan(0);
        let delivered = 0;
        for (const calls of prompts) {
          const { answers } = await replayChain(calls);
          expect(pairsAtOrAbove(answers, THRESHOLD)).toBe(0);
          delivered += answers.length;
        }
        expect(delivered / prompts.length).toBeGreaterThanOrEqual(15);
      },
    );
  },
);

describe("the duplicate guard on a model that rewords itself", () => {
  // Written for this test: each call repeats or lightly rewords earlier jokes among new ones.
  const calls: Call[] = [
    [
      ["Why did the salad break up with the chef? It felt tossed aside.", 0.3],
      ["Because the Caesar salad was too expensive!", 0.25],
      ["I only eat salad on days that end in Y, which is why my fridge is empty.", 0.2],
      ["Why did the tomato blush? It saw the salad dressing.", 0.15],
      ["why did the TOMATO blush?? it saw the salad dressing!", 0.1],
    ],
    [
      ["Because the Caesar salad was getting too expensive!", 0.09],
      ["Lettuce romaine calm, the croutons are on their way.", 0.08],
      ["Why did the salad break up with the chef? It felt “tossed” aside!", 0.05],
      ["My salad and I have an understanding: I ignore it, it wilts.", 0.04],
      ["A kale smoothie walks into a bar. Nobody notices, which it finds refreshing.", 0.03],
    ],
    [
      ["Lettuce romaine calm: the croutons are on the way.", 0.09],
      ["My salad and I have an understanding. I ignore it and it wilts.", 0.06],
      ["The cucumber went to therapy to deal with its pickle of a past.", 0.05],
    ],
    [
      ["The cucumber went to therapy to deal with its pickle of a past!", 0.05],
      ["Because the Caesar salad was too expensive.", 0.04],
    ],
  ];

  it("drops every reworded repeat, keeps every new joke, and ends the chain when nothing new comes", async () => {
    harness = await createEngineHarness({ seed: 9 });
    const { answers, tailId } = await replayChain(calls);
    expect(pairsAtOrAbove(answers, THRESHOLD)).toBe(0);
    expect(answers).toHaveLength(8);
    expect(answers).toEqual(
      expect.arrayContaining([
        "A kale smoothie walks into a bar. Nobody notices, which it finds refreshing.",
        "The cucumber went to therapy to deal with its pickle of a past.",
        "Lettuce romaine calm, the croutons are on their way.",
      ]),
    );
    // Call 4 brought nothing new, so the chain ended with it: four calls, no fifth.
    expect(harness.fake.requests).toHaveLength(4);
    const view = await harness.engine.distribution(tailId);
    // The parser already merged call 1's exact repeat (case and punctuation aside).
    expect(view).toMatchObject({ duplicatesDropped: 6, ended: true });
  });

  it("logs and counts what it drops", async () => {
    harness = await createEngineHarness({ seed: 9 });
    await replayChain(calls.slice(0, 2));
    const dropped = harness.logger.lines.filter(
      (line) => line.event === "engine.duplicates_dropped",
    );
    // Call 2 rewords two jokes; the third call replays call 2, all five of them repeats.
    expect(dropped.map((line) => line.dropped)).toEqual([2, 5]);
    expect(dropped[0]).toMatchObject({
      examples: [
        {
          text: "Because the Caesar salad was getting too expensive!",
          like: "Because the Caesar salad was too expensive!",
          similarity: 0.933,
        },
        expect.anything(),
      ],
    });
  });
});
