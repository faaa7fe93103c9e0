import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { silentLogger } from "../../src/logger.js";
import { runJsonConsole } from "../../src/platforms/console/json-console.js";
import { startDiscordGateway } from "../../src/platforms/discord/index.js";
import type { RunningPlatform } from "../../src/platforms/platform.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import type { RecordedDiscordRequest } from "../fakes/fake-discord.js";
import { buttonClick, slashCommand } from "../fakes/fake-discord-payloads.js";
import { startFakeOpenAI, vsJson } from "../fakes/fake-openai-server.js";
import { buttonsOf, sectionTexts } from "../fakes/fake-slack-requests.js";
import { type DiscordHarness, startHarness } from "./discord/harness.js";
import { type SlackHarness, startSlackHarness } from "./slack/slack-harness.js";

const PICKS = vsJson([
  ["pizza", 0.34],
  ["sushi", 0.33],
  ["tacos", 0.33],
]);
/** One answer, then the same one again: the first call for more ends the chain. */
const ONE_JOKE = vsJson([["The only joke this model knows.", 1]]);

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("Slack", () => {
  let harness: SlackHarness;

  it("answers /pick with the pick stated plainly, and another pick in the thread on a click", async () => {
    harness = await startSlackHarness();
    close = () => harness.close();
    harness.model.respondWith(() => ({ content: PICKS }));
    await harness.command("/pick", "pizza, sushi, tacos");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer posted");
    expect(sectionTexts(answer.args).join("\n")).toMatch(/^Picked: \*(pizza|sushi|tacos)\*/);
    expect([...buttonsOf(answer.args).keys()]).toEqual(["vs_more", "vs_all"]);
    await harness.click(answer, "vs_more");
    const [, next] = await harness.slack.waitForCalls("chat.postMessage", 2);
    expect(next?.args.thread_ts).toBe(String(answer.response.ts));
    expect(sectionTexts(next?.args ?? {}).join("\n")).toMatch(/^Picked: \*(pizza|sushi|tacos)\*/);
  });

  it("says an ended chain has nothing new and starts over on Start over", async () => {
    harness = await startSlackHarness();
    close = () => harness.close();
    harness.model.respondWith(() => ({ content: ONE_JOKE }));
    await harness.command("/joke");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer posted");
    await harness.click(answer, "vs_more");
    const [, ended] = await harness.slack.waitForCalls("chat.postMessage", 2);
    if (!ended) throw new Error("no reply to the click");
    expect(sectionTexts(ended.args).join("\n")).toMatch(/No new answers/);
    expect(buttonsOf(ended.args).has("vs_again")).toBe(true);
    await harness.click(ended, "vs_again");
    const [, , fresh] = await harness.slack.waitForCalls("chat.postMessage", 3);
    expect(sectionTexts(fresh?.args ?? {}).join("\n")).toContain("The only joke this model knows.");
    expect(harness.model.requests).toHaveLength(3);
  });
});

describe("Discord", () => {
  let harness: DiscordHarness;
  let bot: RunningPlatform;

  const isEditOf = (token: string) => (request: RecordedDiscordRequest) =>
    request.method === "PATCH" && request.path.endsWith(`/${token}/messages/@original`);
  const customIds = (request: RecordedDiscordRequest): string[] =>
    // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
    (request.body.components ?? []).flatMap((row: any) =>
      // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
      row.components.map((button: any) => button.custom_id as string),
    );

  async function start(): Promise<void> {
    harness = await startHarness({ VSBOT_MODEL_RETRIES: "0" });
    bot = await startDiscordGateway(harness.runtime, {});
    close = async () => {
      await bot.stop();
      await harness.close();
    };
    await harness.discord.waitForSession();
    harness.discord.guildCreate({
      id: harness.context.guildId,
      channels: [{ id: harness.context.channelId, name: "general" }],
    });
  }

  async function send(interaction: { id: string; token: string }) {
    harness.discord.dispatchInteraction(interaction);
    return harness.discord.waitForRequest(isEditOf(interaction.token));
  }

  it("answers /pick with the pick stated plainly and More like this for another", async () => {
    await start();
    harness.model.respondWith(() => ({ content: PICKS }));
    const answer = await send(
      slashCommand(harness.context, "pick", { from: "pizza, sushi, tacos" }),
    );
    expect(answer.body.content).toMatch(/^Picked: \*\*(pizza|sushi|tacos)\*\*/);
    const more = customIds(answer).find((id) => id.startsWith("vs:more:")) ?? "";
    const next = await send(buttonClick(harness.context, more));
    expect(next.body.content).toMatch(/^Picked: \*\*(pizza|sushi|tacos)\*\*/);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("offers Start over on an ended chain and starts a new one with it", async () => {
    await start();
    harness.model.respondWith(() => ({ content: ONE_JOKE }));
    const answer = await send(slashCommand(harness.context, "joke", {}));
    const more = customIds(answer).find((id) => id.startsWith("vs:more:")) ?? "";
    const ended = await send(buttonClick(harness.context, more));
    expect(ended.body.content).toMatch(/No new answers/);
    const again = customIds(ended).find((id) => id.startsWith("vs:again:")) ?? "";
    expect(again).not.toBe("");
    const fresh = await send(buttonClick(harness.context, again));
    expect(fresh.body.content).toContain("The only joke this model knows.");
    expect(harness.model.requests).toHaveLength(3);
  });
});

describe("the JSON console", () => {
  it("answers /pick given as text, and another pick on a click", async () => {
    const model = await startFakeOpenAI();
    model.respondWith(() => ({ content: PICKS }));
    const runtime = await createRuntime(
      loadConfig({
        OPENAI_BASE_URL: model.baseURL,
        OPENAI_API_KEY: "test-key",
        VSBOT_STORE_URL: "memory://",
      }),
      { logger: silentLogger },
    );
    close = async () => {
      await runtime.close();
      await model.close();
    };
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    output.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
    const running = runJsonConsole(runtime, input, output);
    input.write(
      `${JSON.stringify({ type: "command", user: "u1", channel: "c1", name: "pick", text: "a number from 1 to 20" })}\n`,
    );
    await waitFor(() => lines.length >= 1);
    const first = lines[0] as { text: string; buttons: { id: string }[]; meta: { picked: string } };
    expect(first.text).toBe(`Picked: **${first.meta.picked}**`);
    input.end(
      `${JSON.stringify({ type: "button", user: "u1", channel: "c1", id: first.buttons[0]?.id })}\n`,
    );
    await running;
    expect(lines[1]).toMatchObject({ type: "reply", text: expect.stringMatching(/^Picked: /) });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}
