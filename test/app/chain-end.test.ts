import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Origin, Reply } from "../../src/app/types.js";
import { loadConfig } from "../../src/config/index.js";
import { silentLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import { type FakeOpenAI, startFakeOpenAI, vsJson } from "../fakes/fake-openai-server.js";

let model: FakeOpenAI;
let runtime: Runtime;

beforeEach(async () => {
  model = await startFakeOpenAI();
  runtime = await createRuntime(
    loadConfig({
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: "test-key",
      VSBOT_STORE_URL: "memory://",
      VSBOT_MODEL_RETRIES: "0",
      VSBOT_SEED: "4",
    }),
    { logger: silentLogger },
  );
});

afterEach(async () => {
  await runtime.close();
  await model.close();
});

const origin: Origin = { platform: "console", user: "u1", channel: "c1", canManage: true };

const buttonOf = (reply: Reply | undefined, action: string) =>
  reply?.buttons.find((button) => button.id.startsWith(`vs:${action}:`));

/** A model that gives the same five jokes, reworded a little, whatever it is asked. */
function repeatingModel(): void {
  let call = 0;
  model.respondWith(() => {
    call++;
    const bang = "!".repeat(call);
    return {
      content: vsJson([
        [`Why did the coffee file a police report? It got mugged${bang}`, 0.3],
        [`Decaf is coffee that gave up on its dreams${bang}`, 0.25],
        [`My espresso and I are close, but it can be bitter${bang}`, 0.2],
        [`I like my coffee like my mornings: dark and over too soon${bang}`, 0.15],
        [`The barista told me to have a latte fun${bang}`, 0.1],
      ]),
    };
  });
}

describe("a chain whose refill brings nothing new", () => {
  it("says so once, then answers 15 more clicks without calling the model", async () => {
    repeatingModel();
    const [first] = await runtime.chat.handle({
      type: "command",
      origin,
      name: "joke",
      options: { topic: "coffee" },
    });
    let reply = first;
    for (let click = 0; click < 4; click++) {
      [reply] = await runtime.chat.handle({
        type: "button",
        origin,
        id: buttonOf(reply, "more")?.id ?? "",
      });
      expect(reply?.kind).toBe("answer");
    }
    expect(reply?.footer).toMatch(/next click asks the model for more/);
    const moreId = buttonOf(reply, "more")?.id ?? "";
    const [ended] = await runtime.chat.handle({ type: "button", origin, id: moreId });
    expect(model.requests).toHaveLength(2);
    expect(ended?.kind).toBe("info");
    expect(ended?.body).toMatch(/No new answers/);
    expect(ended?.body).toMatch(/Start over/);
    expect(ended?.meta).toMatchObject({ ended: true, modelCalls: 1 });
    expect(buttonOf(ended, "again")?.label).toBe("Start over");
    expect(buttonOf(ended, "more")).toBeUndefined();

    for (let click = 0; click < 15; click++) {
      const replies = await runtime.chat.handle({ type: "button", origin, id: moreId });
      expect(replies).toHaveLength(1);
      expect(replies[0]?.body).toMatch(/No new answers/);
      expect(replies[0]?.meta.modelCalls).toBe(0);
    }
    expect(model.requests).toHaveLength(2);
    const [chart] = await runtime.chat.handle({
      type: "button",
      origin,
      id: buttonOf(ended, "all")?.id ?? "",
    });
    expect(chart?.footer).toMatch(/5 near-duplicates dropped/);
    expect(chart?.footer).toMatch(/no more new answers/);
  });

  it("starts over with one call, from the same request, when Start over is clicked", async () => {
    repeatingModel();
    const [first] = await runtime.chat.handle({
      type: "command",
      origin,
      name: "joke",
      options: { topic: "coffee" },
    });
    let reply = first;
    while (!buttonOf(reply, "again")) {
      const id = buttonOf(reply, "more")?.id ?? "";
      [reply] = await runtime.chat.handle({ type: "button", origin, id });
    }
    const [fresh] = await runtime.chat.handle({
      type: "button",
      origin,
      id: buttonOf(reply, "again")?.id ?? "",
    });
    expect(fresh?.kind).toBe("answer");
    expect(buttonOf(fresh, "more")).toBeDefined();
    expect(model.requests).toHaveLength(3);
    expect(model.requests[2]?.body.messages).toEqual(model.requests[0]?.body.messages);
  });

  it("serves what a partial refill brought, then ends the chain on a refill with nothing new", async () => {
    model.enqueue(
      {
        content: vsJson([
          ["first idea about a thing", 0.6],
          ["second idea entirely", 0.4],
        ]),
      },
      {
        content: vsJson([
          ["third idea, brand new", 0.05],
          ["first idea about a thing!", 0.04],
        ]),
      },
      { content: vsJson([["second idea entirely", 0.05]]) },
    );
    const [first] = await runtime.chat.handle({
      type: "command",
      origin,
      name: "brainstorm",
      options: { topic: "things", count: 2 },
    });
    const [second] = await runtime.chat.handle({
      type: "button",
      origin,
      id: buttonOf(first, "more")?.id ?? "",
    });
    expect(second?.meta.items).toEqual([
      { text: "third idea, brand new", probability: expect.any(Number) },
    ]);
    expect(buttonOf(second, "more")).toBeDefined();
    const [third] = await runtime.chat.handle({
      type: "button",
      origin,
      id: buttonOf(second, "more")?.id ?? "",
    });
    expect(third?.body).toMatch(/No new answers/);
    expect(buttonOf(third, "again")).toBeDefined();
  });
});
