import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { vsJson } from "../fakes/fake-openai-server.js";
import { click, command, consoleSuite, moreButton } from "../helpers/console-process.js";
import { freshJokes, promptText, TEST_API_KEY } from "../helpers/engine-harness.js";

const suite = consoleSuite({ beforeAll, afterAll, afterEach });
const connected = (env: Record<string, string> = {}) => suite.connected(env);
/**
 * Tests that need no process of their own share one console per environment, each on users
 * and channels of its own; the suite checks that each exits 0 at the end.
 */
const shared = () => suite.shared();
const slowModelShared = () => suite.shared({ VSBOT_MODEL_TIMEOUT: "500ms" });

describe("vsbot console --json against an OpenAI-compatible server", () => {
  it("gives five different jokes from one call, and the sixth from exactly one new call carrying tau and the latest shown jokes", async () => {
    suite.fake.respondWith(freshJokes());
    const console = connected({ VSBOT_TAU: "0.07" });
    const first = await console.send(command("joke", { topic: "coffee" }));
    expect(first.type).toBe("reply");
    expect(first.meta?.modelCalls).toBe(1);
    expect(typeof first.meta?.probability).toBe("number");
    expect(first.buttons?.map((button) => button.label)).toEqual(["More like this", "Show all"]);
    const jokes = [first.text];
    for (let click_ = 0; click_ < 4; click_++) {
      const next = await console.send(click(moreButton(first)));
      expect(next.meta?.modelCalls).toBe(0);
      jokes.push(next.text);
    }
    expect(new Set(jokes).size).toBe(5);
    expect(suite.fake.requests).toHaveLength(1);
    expect(promptText(suite.fake.requests[0])).toContain('"coffee"');

    const sixth = await console.send(click(moreButton(first)));
    expect(sixth.meta?.modelCalls).toBe(1);
    expect(suite.fake.requests).toHaveLength(2);
    const prompt = promptText(suite.fake.requests[1]);
    expect(prompt).toContain("below 0.07");
    // The call for more quotes the latest jokes within a fixed budget (and digests the rest).
    for (const joke of jokes.slice(-3)) expect(prompt).toContain(String(joke));
    expect(jokes).not.toContain(sixth.text);
    expect(await console.end()).toBe(0);
  });

  it("shows the whole distribution privately as a bar chart", async () => {
    suite.fake.enqueue({
      content: vsJson([
        ["alpha", 0.5],
        ["beta", 0.3],
        ["gamma", 0.2],
      ]),
    });
    const console = shared();
    const first = await console.send(command("joke", { topic: "tea" }));
    const all = first.buttons?.find((button) => button.label === "Show all")?.id ?? "";
    const chart = await console.send(click(all));
    expect(chart.private).toBe(true);
    expect(chart.text).toMatch(/▇▇▇▇▇ 0\.50 . alpha/);
    expect(chart.text).toMatch(/▇▇▇▁▁ 0\.30 . beta/);
  });

  it.each([
    ["a timeout", { hang: true }, "model_timeout", /too long/],
    [
      "a rate limit",
      { status: 429, headers: { "retry-after": "0" } },
      "model_rate_limited",
      /rate limited/,
    ],
    ["a server error", { status: 500 }, "model_unavailable", /server had an error/],
  ])(
    "answers %s with a clear message, logs a typed error and keeps going",
    async (_name, step, code, message) => {
      const console = slowModelShared();
      suite.fake.enqueue(step as never);
      const failed = await console.send(command("joke", { topic: "x" }));
      expect(failed).toMatchObject({ type: "error", code });
      expect(failed.message).toMatch(message);
      suite.fake.enqueue({ content: vsJson([["recovered", 1]]) });
      const recovered = await console.send(command("joke", { topic: "x" }));
      expect(recovered.text).toBe("recovered");
      const logged = await console.waitForLog(
        (line) => line.event === "chat.failed" && line.code === code,
      );
      expect(logged).toMatchObject({ level: "error", code });
    },
  );

  it.each([
    ["unparseable", [{ content: "no list here" }, { content: "still none" }], "output_unparseable"],
    [
      "cut off",
      [
        { content: '{"responses":[{"text":"Why', finishReason: "length" },
        { content: '[{"text":"Wh', finishReason: "length" },
      ],
      "output_truncated",
    ],
    ["empty", [{ content: "" }, { content: "" }], "model_empty"],
  ])("answers %s output with a clear message and a typed error", async (_name, steps, code) => {
    const console = shared();
    suite.fake.enqueue(...(steps as never[]));
    const failed = await console.send(command("joke", { topic: "x" }));
    expect(failed).toMatchObject({ type: "error", code });
    expect(String(failed.message).length).toBeGreaterThan(20);
    await console.waitForLog((line) => line.event === "chat.failed" && line.code === code);
  });

  it("rejects malformed lines with an error line and carries on", async () => {
    suite.fake.respondWith(freshJokes());
    const console = shared();
    expect(await console.send("this is not json")).toMatchObject({
      type: "error",
      code: "invalid_input",
    });
    expect(await console.send({ type: "dance", user: "u1", channel: "c1" })).toMatchObject({
      type: "error",
    });
    expect(await console.send(click("vs:more:doesnotexist"))).toMatchObject({
      type: "error",
      code: "tail_not_found",
    });
    expect((await console.send(command("joke"))).type).toBe("reply");
  });

  it("writes nothing but JSON lines on stdout and never logs the API key", async () => {
    suite.fake.respondWith(freshJokes());
    suite.fake.enqueue({ status: 401 });
    const console = connected();
    await console.send(command("joke", { topic: "keys" }));
    await console.send(command("joke", { topic: "keys" }));
    expect(await console.end()).toBe(0);
    expect(console.stderr.join("\n")).not.toContain(TEST_API_KEY);
  });
});

describe("vsbot console --json with no configuration", () => {
  it("answers from the offline demo model and says so in every reply", async () => {
    const vsbot = suite.bare({ VSBOT_STORE_URL: "memory://" });
    const first = await vsbot.send(command("joke", { topic: "coffee" }));
    expect(first.type).toBe("reply");
    expect(first.meta?.demo).toBe(true);
    expect(first.text).toMatch(/offline demo model/i);
    expect(first.text).toMatch(/OPENAI_API_KEY/);
    const next = await vsbot.send(click(moreButton(first)));
    expect(next.text).toMatch(/offline demo model/i);
    expect(next.text).not.toBe(first.text);
    expect(await vsbot.end()).toBe(0);
  });
});

describe("vsbot console --json: plain messages are chat", () => {
  it("answers a message outside any persona with a VS sample, reading the conversation so far with the answer the user kept", async () => {
    suite.fake.respondWith(freshJokes(10));
    const console = shared();
    const say = (text: string) =>
      console.send({ type: "message", user: "u1", userName: "Ada", channel: "c1", text });
    const first = await say("Tell me something about owls.");
    expect(first).toMatchObject({ type: "reply", meta: { conversation: "chat", modelCalls: 1 } });
    expect(first.buttons?.map((button) => button.label)).toEqual(["More like this", "Show all"]);
    // More like this swaps the answer, from the tail; the conversation keeps the one shown.
    const swapped = await console.send(click(moreButton(first)));
    expect(swapped.meta?.modelCalls).toBe(0);
    expect(swapped.text).not.toBe(first.text);

    await say("And about their eyes?");
    const messages = suite.fake.requests.at(-1)?.body.messages as {
      role: string;
      content: string;
    }[];
    expect(messages.slice(1)).toEqual([
      { role: "user", content: "Tell me something about owls." },
      { role: "assistant", content: swapped.text },
      { role: "user", content: "And about their eyes?" },
    ]);
    expect(suite.fake.requests).toHaveLength(2);
  });
});
