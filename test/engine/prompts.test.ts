import { describe, expect, it } from "vitest";
import {
  buildMessages,
  firstTurnSize,
  repairMessages,
  requestedCount,
  responseSchema,
} from "../../src/engine/prompts.js";
import type { TaskSpec } from "../../src/engine/task.js";
import { JOKE_SPEC } from "../helpers/engine-harness.js";

const spec: TaskSpec = JOKE_SPEC;

const text = (messages: readonly { content: string }[]) =>
  messages.map((message) => message.content).join("\n");

const jokes = (count: number, length = 70) =>
  Array.from({ length: count }, (_, index) =>
    `Joke number ${index}: ${"ha".repeat(length)}`.slice(0, length),
  );

describe("buildMessages for a first call", () => {
  it("asks VS-Standard for k responses sampled from the full distribution, with probabilities as JSON", () => {
    const messages = buildMessages(spec, { kind: "initial" });
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toContain("You are a comedy writer.");
    expect(messages[0]?.content).toContain("Generate 5 responses");
    expect(messages[0]?.content).toContain("sampled at random from the full distribution");
    expect(messages[0]?.content).toContain('"probability"');
    expect(text(messages)).not.toContain("below 0.1");
    expect(messages[1]?.content).toBe(spec.instruction);
  });

  it("asks VS-CoT for reasoning before the responses", () => {
    const content = text(buildMessages({ ...spec, method: "vs-cot" }, { kind: "initial" }));
    expect(content).toContain('"reasoning"');
    expect(content.indexOf('"reasoning"')).toBeLessThan(content.lastIndexOf('"responses"'));
  });

  it("asks VS-Multi to start with a few responses, unlike VS-Standard", () => {
    const multi = buildMessages({ ...spec, method: "vs-multi" }, { kind: "initial" });
    const standard = buildMessages(spec, { kind: "initial" });
    expect(text(multi)).toContain("Over several turns");
    expect(text(multi)).toContain(`First, sample ${firstTurnSize(5)} at random`);
    expect(firstTurnSize(5)).toBe(2);
    expect(requestedCount({ ...spec, method: "vs-multi" }, { kind: "initial" })).toBe(2);
    expect(text(multi)).not.toBe(text(standard));
  });

  it("asks the sequence method for a plain list without probabilities or a schema", () => {
    const sequence = { ...spec, method: "sequence" } as const;
    const content = text(buildMessages(sequence, { kind: "initial" }));
    expect(content).toContain("Generate 5 different responses");
    expect(content).toContain("JSON array of strings");
    expect(content).not.toContain("probability");
    expect(responseSchema(sequence)).toBeUndefined();
  });

  it("asks the direct method for one plain answer", () => {
    const content = text(buildMessages({ ...spec, method: "direct" }, { kind: "initial" }));
    expect(content).toContain("Output only the response");
    expect(content).not.toContain("JSON");
  });

  it.each([
    ["implicit", "how likely you would be"],
    ["percentage", "percentage from 0 to 100"],
    ["confidence", '"confidence"'],
  ] as const)("words the probability request as %s", (wording, phrase) => {
    expect(text(buildMessages({ ...spec, wording }, { kind: "initial" }))).toContain(phrase);
  });

  it("carries a persona's conversation ahead of the instruction", () => {
    const messages = buildMessages(
      { ...spec, context: "Conversation so far:\nAda: hi" },
      { kind: "initial" },
    );
    expect(messages[1]?.content).toBe(`Conversation so far:\nAda: hi\n\n${spec.instruction}`);
  });
});

describe("buildMessages for a call for more", () => {
  it("asks for k new responses below tau, quoting the latest texts", () => {
    const messages = buildMessages(spec, { kind: "more", known: ["joke one", 'joke "two"'] });
    const content = text(messages);
    expect(content).toContain("Generate 5 more responses");
    expect(content).toContain("a probability below 0.1");
    expect(content).toContain('1. "joke one"');
    expect(content).toContain('2. "joke \\"two\\""');
  });

  it("stays the same size however long the chain, naming earlier texts by their themes", () => {
    const sizes = [5, 20, 50, 200, 2000].map(
      (count) => text(buildMessages(spec, { kind: "more", known: jokes(count) })).length,
    );
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(200);
    const themed = text(
      buildMessages(spec, {
        kind: "more",
        known: [
          "Why was the espresso so tense? Too much pressure at the barista's bar.",
          "The espresso machine quit: it could not take the pressure.",
          ...jokes(6),
        ],
      }),
    );
    expect(themed).toMatch(/themes of earlier [^:]*: [^.]*espresso/);
    expect(themed).toMatch(/themes of earlier [^:]*: [^.]*pressure/);
    expect(themed).not.toMatch(/themes of earlier [^:]*: [^.]*coffee/);
  });

  it("clips a very long text it quotes", () => {
    const content = text(buildMessages(spec, { kind: "more", known: ["y".repeat(5000)] }));
    expect(content).toContain("…");
    expect(content.length).toBeLessThan(1500);
  });

  it("makes direct's and an independent draw's call for more the first request again", () => {
    for (const variant of [
      { ...spec, method: "direct" as const },
      { ...spec, draws: "independent" as const },
    ]) {
      const initial = buildMessages(variant, { kind: "initial" });
      expect(buildMessages(variant, { kind: "more", known: ["a", "b"] })).toEqual(initial);
    }
  });

  it("asks for more from the full distribution when the phase says so (vsbot generate)", () => {
    for (const method of ["vs-standard", "vs-multi"] as const) {
      const content = text(
        buildMessages(
          { ...spec, method },
          {
            kind: "more",
            known: ["a sample"],
            latestRound: [{ text: "a sample", verbalized: 0.2 }],
            tail: false,
          },
        ),
      );
      expect(content).not.toContain("below 0.1");
      expect(content).toContain("full distribution");
    }
  });

  it("asks the sequence method for more without a probability threshold", () => {
    const content = text(
      buildMessages({ ...spec, method: "sequence" }, { kind: "more", known: ["a joke"] }),
    );
    expect(content).toContain("Generate 5 more responses");
    expect(content).not.toContain("below 0.1");
  });
});

describe("VS-Multi calls for more", () => {
  const multi: TaskSpec = { ...spec, method: "vs-multi" };
  const round = (label: string) => [
    { text: `${label} a`, verbalized: 0.3 },
    { text: `${label} b`, verbalized: null },
  ];

  it("replay the latest turn as the model's own and ask for alternatives below tau", () => {
    const messages = buildMessages(multi, {
      kind: "more",
      known: ["r1 a", "r1 b"],
      latestRound: round("r1"),
    });
    expect(messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(JSON.parse(messages[2]?.content ?? "")).toEqual({
      responses: [
        { text: "r1 a", probability: 0.3 },
        { text: "r1 b", probability: 0 },
      ],
    });
    expect(messages[3]?.content).toContain("Sample 5 alternative responses");
    expect(messages[3]?.content).toContain("below 0.1");
    expect(messages[0]?.content).not.toContain("below 0.1");
  });

  it("replay one bounded turn however long the conversation, naming older turns by theme", () => {
    const long = Array.from({ length: 5 }, (_, index) => ({
      text: `Story ${index}: ${"the lighthouse keeper walked the shore. ".repeat(30)}`,
      verbalized: 0.05,
    }));
    const sizes = [10, 100, 1000].map(
      (count) =>
        text(
          buildMessages(multi, {
            kind: "more",
            known: [...jokes(count), ...long.map((candidate) => candidate.text)],
            latestRound: long,
          }),
        ).length,
    );
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(200);
    const messages = buildMessages(multi, {
      kind: "more",
      known: ["The espresso was under pressure.", "Espresso, again, pressure.", "r9 a", "r9 b"],
      latestRound: round("r9"),
    });
    expect(messages.filter((message) => message.role === "assistant")).toHaveLength(1);
    expect(messages.at(-1)?.content).toMatch(/themes of earlier [^:]*: [^.]*espresso/);
  });
});

describe("responseSchema and repair", () => {
  it("describes the VS shape as a strict schema, with reasoning for VS-CoT and none for direct", () => {
    const standard = responseSchema(spec)?.schema as { required: string[] };
    expect(standard.required).toEqual(["responses"]);
    const cot = responseSchema({ ...spec, method: "vs-cot" })?.schema as { required: string[] };
    expect(cot.required).toEqual(["reasoning", "responses"]);
    expect(responseSchema({ ...spec, method: "direct" })).toBeUndefined();
  });

  it("replays the unreadable reply and asks for the JSON again", () => {
    const original = buildMessages(spec, { kind: "initial" });
    const repaired = repairMessages(spec, original, "oops");
    expect(repaired.slice(0, 2)).toEqual(original);
    expect(repaired[2]).toEqual({ role: "assistant", content: "oops" });
    expect(repaired[3]?.content).toContain("only the JSON object");
  });
});

describe("a conversation's earlier turns", () => {
  const turns = [
    { role: "user", content: "Ada: what is a good name for a cat?" },
    { role: "assistant", content: "Biscuit, if it is round and sleepy." },
    { role: "user", content: "Ada: and for a second one?" },
    { role: "assistant", content: "Crumb, to go with Biscuit." },
  ] as const;
  const chat: TaskSpec = { ...spec, instruction: "Ada: and a third?", turns };
  const phases = [
    { kind: "initial" },
    { kind: "more", known: ["Pickle."] },
    { kind: "more", known: ["Pickle."], latestRound: [{ text: "Pickle.", verbalized: 0.2 }] },
  ] as const;
  const methods = ["direct", "sequence", "vs-standard", "vs-cot", "vs-multi"] as const;

  it.each(methods)("sit between the system message and the request, in order, for %s", (method) => {
    for (const phase of phases) {
      const messages = buildMessages({ ...chat, method }, phase);
      expect(messages[0]?.role).toBe("system");
      expect(messages.slice(1, 5)).toEqual(turns);
      expect(messages[5]).toEqual({ role: "user", content: "Ada: and a third?" });
    }
  });

  it("are kept when a reply is restated", () => {
    const messages = buildMessages(chat, { kind: "initial" });
    const repaired = repairMessages(chat, messages, "not json");
    expect(repaired.slice(1, 5)).toEqual(turns);
  });

  it("leave a request without them as it was", () => {
    expect(buildMessages({ ...spec, turns: [] }, { kind: "initial" })).toEqual(
      buildMessages(spec, { kind: "initial" }),
    );
  });
});
