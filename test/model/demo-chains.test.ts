import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Origin, Reply } from "../../src/app/types.js";
import { loadConfig } from "../../src/config/index.js";
import { closestPairRougeL } from "../../src/diversity/pairwise-rouge-l.js";
import { silentLogger } from "../../src/logger.js";
import { DEMO_NOTICE } from "../../src/model/demo-model.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";

/** The offline demo as a new user meets it: the real chat core, engine and parser. */
let runtime: Runtime;

beforeAll(async () => {
  runtime = await createRuntime(loadConfig({ VSBOT_STORE_URL: "memory://", VSBOT_SEED: "5" }), {
    logger: silentLogger,
  });
});

afterAll(async () => {
  await runtime.close();
});

const origin = (channel: string, thread?: string): Origin => ({
  platform: "console",
  user: "u1",
  userName: "Ada",
  channel,
  ...(thread ? { thread } : {}),
  canManage: true,
});

/** The answers a reply shows: its list items, or its one answer. */
function answersOf(reply: Reply): string[] {
  const items = reply.meta.items as { text: string }[] | undefined;
  return items ? items.map((item) => item.text) : [reply.body];
}

/** Follows `button` (More like this, or a persona's ▶ swipe) until `wanted` answers are seen. */
async function chain(
  first: Reply[],
  where: Origin,
  wanted: number,
  button = "vs:more:",
): Promise<string[]> {
  const answers: string[] = [];
  let replies = first;
  for (let step = 0; answers.length < wanted && step < wanted * 2; step++) {
    const reply = replies[0];
    expect(reply?.kind, `step ${step}: ${reply?.body}`).not.toBe("info");
    expect(reply?.meta.notice).toBe(DEMO_NOTICE);
    expect(reply?.meta.warnings ?? []).not.toContainEqual(
      expect.stringMatching(/could not be read/),
    );
    answers.push(...answersOf(reply as Reply));
    const more = reply?.buttons.find((candidate) => candidate.id.startsWith(button));
    expect(more, `step ${step} offers ${button}`).toBeDefined();
    replies = await runtime.chat.handle({ type: "button", origin: where, id: more?.id ?? "" });
  }
  return answers;
}

describe("the offline demo in one long chain", () => {
  it.each([
    ["joke", { topic: "coffee" }],
    ["story", { premise: "a lighthouse with no keeper" }],
    ["poem", { theme: "rain on a tin roof" }],
    ["ask", { question: "Should I learn the piano at forty?" }],
    ["brainstorm", { topic: "team offsite ideas", count: 5 }],
    ["pick", { from: "a US state" }],
  ])("gives 50 answers to /%s without an error or a repeat", async (name, options) => {
    const where = origin(`chain-${name}`);
    const first = await runtime.chat.handle({ type: "command", origin: where, name, options });
    const answers = await chain(first, where, 50);
    expect(answers.length).toBeGreaterThanOrEqual(50);
    if (name === "pick") {
      expect(answers.every((answer) => answer.length > 0)).toBe(true);
      return;
    }
    expect(new Set(answers).size).toBe(answers.length);
    expect(closestPairRougeL(answers)).toBeLessThan(0.7);
  });

  it("gives a persona 50 different swipes that take up the message and the character", async () => {
    const where = origin("chain-persona", "t1");
    await runtime.chat.handle({
      type: "command",
      origin: where,
      name: "persona",
      subcommand: "start",
      options: { description: "a retired sea captain who distrusts maps" },
    });
    const first = await runtime.chat.handle({
      type: "message",
      origin: where,
      text: "What was your worst storm?",
    });
    const answers = await chain(first, where, 50, "vs:next:");
    expect(new Set(answers).size).toBe(answers.length);
    expect(closestPairRougeL(answers)).toBeLessThan(0.7);
    for (const answer of answers) {
      expect(answer.toLowerCase()).toContain("my worst storm");
      expect(answer).toContain("a retired sea captain");
    }
  });

  it.each(["vs-cot", "vs-multi", "sequence", "direct"])(
    "never shows a parse error with the %s method, and ends a chain only by saying so",
    async (method) => {
      const methods = await createRuntime(
        loadConfig({ VSBOT_STORE_URL: "memory://", VSBOT_SEED: "8", VSBOT_METHOD: method }),
        { logger: silentLogger },
      );
      try {
        const where = origin(`method-${method}`);
        let [reply] = await methods.chat.handle({
          type: "command",
          origin: where,
          name: "joke",
          options: { topic: "tea" },
        });
        for (let click = 0; click < 30 && reply?.kind === "answer"; click++) {
          expect(reply.meta.warnings ?? []).not.toContainEqual(
            expect.stringMatching(/could not be read/),
          );
          const more = reply.buttons.find((button) => button.id.startsWith("vs:more:"));
          [reply] = await methods.chat.handle({
            type: "button",
            origin: where,
            id: more?.id ?? "",
          });
        }
        if (reply?.kind === "info") expect(reply.body).toMatch(/No new answers/);
        else expect(reply?.kind).toBe("answer");
      } finally {
        await methods.close();
      }
    },
  );

  it("answers /ask in the shape of the question", async () => {
    const ask = async (question: string) =>
      (
        await runtime.chat.handle({
          type: "command",
          origin: origin("ask-shape"),
          name: "ask",
          options: { question },
        })
      )[0]?.body ?? "";
    expect((await ask("Is it worth learning Latin?")).slice(0, 60)).toMatch(/\b(yes|no|not)\b/i);
    expect(await ask("How do I keep basil alive?")).toMatch(/:\s\w/);
    expect((await ask("Why do cats purr?")).split(/[.?!]\s/)[0]).toMatch(/because|reason/i);
  });
});
