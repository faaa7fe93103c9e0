import { describe, expect, it } from "vitest";
import {
  buildMessages,
  quoteShown,
  repairMessages,
  responseSchema,
} from "../../src/engine/prompts.js";
import type { TaskSpec } from "../../src/engine/task.js";
import { JOKE_SPEC } from "../helpers/engine-harness.js";

const spec: TaskSpec = JOKE_SPEC;

const text = (messages: readonly { content: string }[]) =>
  messages.map((message) => message.content).join("\n");

describe("buildMessages", () => {
  it("asks VS-Standard for k responses with probabilities as JSON, and no tail on the first call", () => {
    const messages = buildMessages(spec, { kind: "initial" });
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toContain("You are a comedy writer.");
    expect(messages[0]?.content).toContain("Write 5 different responses");
    expect(messages[0]?.content).toContain('"probability"');
    expect(text(messages)).not.toContain("below 0.1");
    expect(messages[1]?.content).toBe(spec.instruction);
  });

  it("asks VS-CoT for reasoning before the responses", () => {
    const content = text(buildMessages({ ...spec, method: "vs-cot" }, { kind: "initial" }));
    expect(content).toContain('"reasoning"');
    expect(content.indexOf('"reasoning"')).toBeLessThan(content.lastIndexOf('"responses"'));
  });

  it("asks the sequence method for k responses without probabilities", () => {
    const content = text(buildMessages({ ...spec, method: "sequence" }, { kind: "initial" }));
    expect(content).toContain("Write 5 different responses");
    expect(content).not.toContain("probability");
  });

  it("asks the direct method for one plain answer", () => {
    const content = text(buildMessages({ ...spec, method: "direct" }, { kind: "initial" }));
    expect(content).toContain("response itself only");
    expect(content).not.toContain("JSON");
  });

  it.each([
    ["implicit", "how likely you would be"],
    ["percentage", "percentage from 0 to 100"],
    ["confidence", '"confidence"'],
  ] as const)("words the probability request as %s", (wording, phrase) => {
    expect(text(buildMessages({ ...spec, wording }, { kind: "initial" }))).toContain(phrase);
  });

  it("asks a call for more for k new responses below tau, quoting what was shown", () => {
    const messages = buildMessages(spec, { kind: "more", shown: ["joke one", 'joke "two"'] });
    const content = text(messages);
    expect(content).toContain("Give 5 more responses");
    expect(content).toContain("probability below 0.1");
    expect(content).toContain('1. "joke one"');
    expect(content).toContain('2. "joke \\"two\\""');
  });

  it("carries a persona's conversation ahead of the instruction", () => {
    const messages = buildMessages(
      { ...spec, context: "Conversation so far:\nAda: hi" },
      { kind: "initial" },
    );
    expect(messages[1]?.content).toBe(`Conversation so far:\nAda: hi\n\n${spec.instruction}`);
  });
});

describe("VS-Multi calls for more", () => {
  const multi: TaskSpec = { ...spec, method: "vs-multi" };
  const round = (label: string) => [
    { text: `${label} a`, verbalized: 0.3 },
    { text: `${label} b`, verbalized: null },
  ];

  it("replay the earlier answer as the model's turn and ask for more below tau", () => {
    const messages = buildMessages(multi, {
      kind: "more",
      shown: ["r1 a", "r1 b"],
      rounds: [round("r1")],
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
    expect(messages[3]?.content).toContain("Give 5 more responses");
    expect(messages[3]?.content).toContain("below 0.1");
    expect(messages[0]?.content).not.toContain("below 0.1");
  });

  it("replay only the latest three calls and quote the older texts", () => {
    const rounds = ["r1", "r2", "r3", "r4", "r5"].map(round);
    const messages = buildMessages(multi, { kind: "more", shown: [], rounds });
    expect(messages.filter((message) => message.role === "assistant")).toHaveLength(3);
    const last = messages.at(-1)?.content ?? "";
    expect(last).toContain('"r1 a"');
    expect(last).toContain('"r2 b"');
    expect(last).not.toContain('"r3 a"');
  });
});

describe("quoteShown", () => {
  it("keeps the newest texts within the size cap and says how many were left out", () => {
    const shown = Array.from({ length: 60 }, (_, index) => `${index} ${"x".repeat(390)}`);
    const quoted = quoteShown(shown);
    expect(quoted.length).toBeLessThan(9000);
    expect(quoted).toMatch(/^\(\d+ earlier responses not listed\)/);
    expect(quoted).toContain(`59 ${"x".repeat(390)}`);
    expect(quoted).not.toContain(`"0 ${"x"}`);
  });

  it("clips a very long text", () => {
    expect(quoteShown(["y".repeat(1000)])).toContain("…");
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
