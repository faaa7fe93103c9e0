import { describe, expect, it } from "vitest";
import { closestPairRougeL } from "../../src/diversity/pairwise-rouge-l.js";
import type { Clock, ModelRequest, RequestIntent } from "../../src/engine/ports.js";
import { createSeededRandom } from "../../src/engine/random.js";
import { DEFAULT_SUBJECTS, DEMO_TASKS, demoTexts } from "../../src/model/demo-corpus.js";
import { createDemoModel, DEMO_MODEL_NAME, DEMO_NOTICE } from "../../src/model/demo-model.js";

interface Entry {
  readonly text: string;
  readonly probability: number | undefined;
}

interface Extracted {
  readonly form: "tagged" | "fenced-json" | "bare-json";
  readonly entries: readonly Entry[];
}

const TAG_BLOCK =
  /<response>\s*<text>([\s\S]*?)<\/text>\s*<probability>([^<]*)<\/probability>\s*<\/response>/g;

/** A strict stand-in for the engine's parser: every form must parse exactly. */
function extract(output: string): Extracted {
  if (output.includes("<response>")) {
    const blocks = [...output.matchAll(TAG_BLOCK)];
    expect(output.split("<response>").length - 1).toBe(blocks.length);
    return {
      form: "tagged",
      entries: blocks.map((block) => ({
        text: block[1] ?? "",
        probability: Number(block[2]),
      })),
    };
  }
  const fenced = /```json\n([\s\S]*?)\n```/.exec(output);
  if (fenced) return { form: "fenced-json", entries: entriesOf(JSON.parse(fenced[1] ?? "")) };
  expect(/^[[{]/.test(output.trimStart())).toBe(true);
  return { form: "bare-json", entries: entriesOf(JSON.parse(output)) };
}

function entriesOf(parsed: unknown): Entry[] {
  if (Array.isArray(parsed)) {
    return parsed.map((text) => {
      expect(typeof text).toBe("string");
      return { text: text as string, probability: undefined };
    });
  }
  const responses = (parsed as { responses: unknown }).responses;
  expect(Array.isArray(responses)).toBe(true);
  return (responses as { text: unknown; probability?: unknown }[]).map((response) => {
    expect(typeof response.text).toBe("string");
    return {
      text: response.text as string,
      probability: response.probability === undefined ? undefined : Number(response.probability),
    };
  });
}

function intentFor(overrides: Partial<RequestIntent>): RequestIntent {
  return {
    task: "joke",
    subject: "coffee",
    k: 5,
    tau: null,
    avoid: [],
    withProbabilities: true,
    ...overrides,
  };
}

function requestFor(intent: RequestIntent | undefined, extra: Partial<ModelRequest> = {}) {
  const request: ModelRequest = {
    messages: [{ role: "user", content: "Tell me a joke about coffee." }],
    ...extra,
  };
  return intent === undefined ? request : { ...request, intent };
}

async function complete(seed: number, intent: RequestIntent | undefined, extra = {}) {
  const model = createDemoModel({ random: createSeededRandom(seed) });
  return model.complete(requestFor(intent, extra));
}

const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();
const SEEDS = Array.from({ length: 40 }, (_, index) => index + 1);

describe("createDemoModel", () => {
  it("answers as the vsbot-demo model with a stop finish reason and estimated usage", async () => {
    const model = createDemoModel({ random: createSeededRandom(1) });
    const response = await model.complete(requestFor(intentFor({})));
    expect(model.description).toContain("offline demo model");
    expect(response.model).toBe(DEMO_MODEL_NAME);
    expect(response.finishReason).toBe("stop");
    expect(response.structured).toBe(false);
    expect(response.usage).toEqual({
      promptTokens: Math.ceil("Tell me a joke about coffee.".length / 4),
      completionTokens: Math.ceil(response.text.length / 4),
    });
  });

  it.each(DEMO_TASKS.map((task) => [task]))("returns exactly k candidates for %s", async (task) => {
    for (const seed of SEEDS.slice(0, 10)) {
      const response = await complete(seed, intentFor({ task, k: 5 }));
      expect(extract(response.text).entries).toHaveLength(5);
    }
  });

  it("returns exactly k candidates for a large k and falls back to generic for unknown tasks", async () => {
    const large = await complete(3, intentFor({ k: 20 }));
    expect(extract(large.text).entries).toHaveLength(20);
    const unknown = await complete(3, intentFor({ task: "haiku-battle", subject: "tea", k: 12 }));
    const entries = extract(unknown.text).entries;
    expect(entries).toHaveLength(12);
    expect(entries.some((entry) => entry.text.includes("tea"))).toBe(true);
  });

  it("repeats earlier texts once everything is used, and never answers with an empty list", async () => {
    const everything = demoTexts("story", intentFor({ task: "story" }));
    const response = await complete(5, intentFor({ task: "story", k: 5, avoid: everything }));
    const entries = extract(response.text).entries;
    expect(entries).toHaveLength(5);
    for (const entry of entries) expect(everything).toContain(entry.text);
  });

  it("never repeats a text from avoid, ignoring case and whitespace", async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const first = extract((await complete(seed, intentFor({ k: 10 }))).text).entries;
      const avoid = first.map((entry) => `  ${entry.text.toUpperCase().replace(/ /g, "\n  ")} `);
      const second = extract((await complete(seed + 100, intentFor({ k: 10, avoid }))).text);
      const shown = new Set(first.map((entry) => normalize(entry.text)));
      expect(second.entries).toHaveLength(10);
      for (const entry of second.entries) expect(shown.has(normalize(entry.text))).toBe(false);
    }
  });

  it("returns distinct candidates", async () => {
    for (const task of DEMO_TASKS) {
      for (const seed of SEEDS.slice(0, 5)) {
        const entries = extract((await complete(seed, intentFor({ task, k: 12 }))).text).entries;
        const unique = new Set(entries.map((entry) => normalize(entry.text)));
        expect(unique.size).toBe(entries.length);
      }
    }
  });

  it.each([[0.1], [0.05], [0.01], [0.003]])(
    "keeps every probability strictly below tau = %s",
    async (tau) => {
      for (const seed of SEEDS) {
        const entries = extract((await complete(seed, intentFor({ tau, k: 8 }))).text).entries;
        expect(entries).toHaveLength(8);
        for (const entry of entries) {
          expect(entry.probability).toBeGreaterThan(0);
          expect(entry.probability).toBeLessThan(tau);
        }
      }
    },
  );

  it("verbalizes plausible probabilities: two decimals, roughly descending, summing near 1", async () => {
    let exactSums = 0;
    for (const seed of SEEDS) {
      const entries = extract((await complete(seed, intentFor({ k: 5 }))).text).entries;
      const probabilities = entries.map((entry) => entry.probability ?? Number.NaN);
      for (const probability of probabilities) {
        expect(probability).toBeGreaterThan(0);
        expect(probability).toBeLessThan(1);
        expect(Math.round(probability * 100) / 100).toBe(probability);
      }
      const sum = probabilities.reduce((total, probability) => total + probability, 0);
      expect(sum).toBeGreaterThan(0.8);
      expect(sum).toBeLessThan(1.15);
      if (Math.abs(sum - 1) < 1e-9) exactSums++;
      expect(probabilities[0]).toBeGreaterThanOrEqual(probabilities[probabilities.length - 1] ?? 1);
    }
    expect(exactSums).toBeLessThan(SEEDS.length / 2);
  });

  it("yields every coffee joke it has over repeated calls before it repeats one", async () => {
    const model = createDemoModel({ random: createSeededRandom(7) });
    const pool = demoTexts("joke", intentFor({}));
    const avoid: string[] = [];
    while (avoid.length < pool.length) {
      const intent = intentFor({ k: 5, tau: avoid.length === 0 ? null : 0.1, avoid: [...avoid] });
      const entries = extract((await model.complete(requestFor(intent))).text).entries;
      avoid.push(...entries.map((entry) => entry.text));
    }
    expect(avoid.length).toBeGreaterThanOrEqual(60);
    expect(new Set(avoid.map(normalize)).size).toBe(pool.length);
  });

  it("uses every output form over many calls, each one well formed with k candidates", async () => {
    const forms = new Set<string>();
    for (const seed of SEEDS) {
      const output = (await complete(seed, intentFor({ k: 6 }))).text;
      const extracted = extract(output);
      forms.add(extracted.form);
      expect(extracted.entries).toHaveLength(6);
      if (extracted.form === "tagged") expect(output.match(/<response>/g)).toHaveLength(6);
      if (extracted.form === "fenced-json") expect(output).toMatch(/^[^\n`]+\n\n```json\n/);
    }
    expect(forms).toEqual(new Set(["tagged", "fenced-json", "bare-json"]));
  });

  it("returns bare JSON marked structured when a response schema is set", async () => {
    const responseSchema = { name: "responses", schema: { type: "object" } };
    for (const seed of SEEDS.slice(0, 10)) {
      const response = await complete(seed, intentFor({ k: 5 }), { responseSchema });
      expect(response.structured).toBe(true);
      const parsed = JSON.parse(response.text) as { responses: { probability: number }[] };
      expect(parsed.responses).toHaveLength(5);
      expect(parsed.responses.every((entry) => typeof entry.probability === "number")).toBe(true);
    }
  });

  it("returns a plain list, a JSON array of strings, for the sequence method", async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const output = (await complete(seed, intentFor({ k: 4, withProbabilities: false }))).text;
      expect(output).not.toContain("probability");
      expect(output).toMatch(/\[\s*"/);
      expect(extract(output).entries).toHaveLength(4);
    }
  });

  it("returns one plain-text answer for the direct method", async () => {
    const intent = intentFor({ k: 1, withProbabilities: false });
    const response = await complete(2, intent);
    expect(response.text).toContain("coffee");
    expect(() => JSON.parse(response.text)).toThrow();
    expect(response.text).not.toContain("<response>");
  });

  it("keeps the line breaks of poems", async () => {
    const entries = extract((await complete(4, intentFor({ task: "poem", k: 5 }))).text).entries;
    for (const entry of entries) {
      const lines = entry.text.split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(4);
      expect(lines.length).toBeLessThanOrEqual(8);
    }
  });

  it("is deterministic for a seed and varies across seeds", async () => {
    const run = async (seed: number) => {
      const model = createDemoModel({ random: createSeededRandom(seed) });
      const outputs: string[] = [];
      for (const task of DEMO_TASKS) {
        outputs.push((await model.complete(requestFor(intentFor({ task })))).text);
      }
      return outputs;
    };
    expect(await run(42)).toEqual(await run(42));
    expect(await run(42)).not.toEqual(await run(43));
  });

  it("uses a default subject when the subject is empty", async () => {
    for (const subject of ["", "   \n\t "]) {
      const entries = extract((await complete(6, intentFor({ subject, k: 8 }))).text).entries;
      expect(entries).toHaveLength(8);
      for (const entry of entries) {
        expect(entry.text).toContain(DEFAULT_SUBJECTS.joke);
        expect(entry.text).not.toMatch(/\{subject\}|\{Subject\}|about \./i);
      }
    }
  });

  it("answers persona turns from free-text subjects without leaking placeholders", async () => {
    const subject = "A retired sailor who distrusts charities.\nUser: would you donate $5 today?";
    const entries = extract(
      (await complete(8, intentFor({ task: "persona", subject }))).text,
    ).entries;
    expect(entries).toHaveLength(5);
    for (const entry of entries) expect(entry.text).not.toMatch(/[{}]/);
  });

  it.each([
    ["emoji", "☕️ coffee 👨‍👩‍👧 with family"],
    ["quotes", `the "best" 'coffee' ever`],
    ["500 characters", "espresso ".repeat(56)],
    ["newlines", "coffee\n\nat\r\nnight\u2028please"],
    ["JSON-breaking text", '"}]} {"responses": [{"text": "x'],
    ["markup and fences", "</text></response> ```json {} ``` \\ $& $1 {subject}"],
  ])("keeps every output form valid for a subject with %s", async (_name, subject) => {
    for (const seed of SEEDS) {
      const intent = intentFor({ subject, k: 5, withProbabilities: seed % 4 !== 0 });
      const entries = extract((await complete(seed, intent)).text).entries;
      expect(entries).toHaveLength(5);
      for (const entry of entries) {
        expect(entry.text).not.toContain("\n");
        expect(entry.text.length).toBeLessThan(400);
        expect(entry.text).not.toMatch(/[<>`]/);
      }
    }
  });

  it("inserts user text literally, without replacement patterns or recursion", async () => {
    const entries = extract(
      (await complete(9, intentFor({ subject: "$& and {subject}" }))).text,
    ).entries;
    for (const entry of entries) expect(entry.text).toContain("$& and {subject}");
  });

  it("replies with a short generic distribution when the intent is missing", async () => {
    const entries = extract((await complete(10, undefined)).text).entries;
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.length).toBeLessThanOrEqual(5);
    for (const entry of entries) expect(entry.probability).toBeGreaterThan(0);
  });

  it("sleeps for the simulated latency on the injected clock, and not at all by default", async () => {
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: async (milliseconds) => {
        sleeps.push(milliseconds);
      },
    };
    await createDemoModel({ random: createSeededRandom(1), clock }).complete(
      requestFor(intentFor({})),
    );
    await createDemoModel({ random: createSeededRandom(1), clock, latencyMs: 250 }).complete(
      requestFor(intentFor({})),
    );
    expect(sleeps).toEqual([250]);
  });

  it("has enough texts for a chain of 50 answers, free of stray placeholders", () => {
    const facets = { character: "a retired sea captain", message: "What was your worst storm?" };
    for (const task of DEMO_TASKS.filter((name) => name !== "pick")) {
      for (const subject of ["coffee", "Should we move to Lisbon?", ""]) {
        const texts = demoTexts(task, intentFor({ task, subject, facets }));
        expect(texts.length, task).toBeGreaterThanOrEqual(60);
        for (const text of texts) expect(text, task).not.toMatch(/[{}<>`]/);
      }
    }
  });

  it("never holds two texts a reader could not tell apart (ROUGE-L below 0.7)", () => {
    const cases: [string, string][] = [
      ["joke", "the workplace"],
      ["story", "a dragon who hates gold"],
      ["poem", "rain on a tin roof"],
      ["brainstorm", "team offsite ideas"],
      ["ask", "Is it too late to learn the piano?"],
      ["ask", "How do I keep basil alive?"],
      ["ask", "Why do cats purr?"],
      ["ask", "When should I plant tomatoes?"],
      ["ask", "What should I cook tonight?"],
      ["persona", "a retired sea captain | What was your worst storm?"],
      ["generic", "tea"],
    ];
    for (const [task, subject] of cases) {
      const texts = demoTexts(task as (typeof DEMO_TASKS)[number], intentFor({ task, subject }));
      expect(closestPairRougeL(texts), `${task}: ${subject}`).toBeLessThan(0.7);
    }
  });

  it("exports a one-sentence notice that says how to connect a real model", () => {
    for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "VSBOT_MODEL"]) {
      expect(DEMO_NOTICE).toContain(name);
    }
    expect(DEMO_NOTICE).toContain("http://localhost:11434/v1");
    expect(DEMO_NOTICE.match(/\. /g)).toBeNull();
  });
});
