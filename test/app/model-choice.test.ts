import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatHarness, discordOrigin, joke, startChatHarness } from "./chat-harness.js";

let harness: ChatHarness;

beforeAll(async () => {
  harness = await startChatHarness({ VSBOT_MODELS: "gpt-4.1-mini,qwen2.5" });
});

afterAll(async () => {
  await harness?.close();
});

describe("/vs settings model", () => {
  it("sends a channel's commands to the model chosen for it, and others to the default", async () => {
    const manager = discordOrigin({ canManage: true });
    const changed = await harness.send({
      type: "command",
      origin: manager,
      name: "vs",
      subcommand: "settings",
      options: { model: "qwen2.5" },
    });
    expect(changed).toMatchObject([{ body: expect.stringContaining("model=qwen2.5") }]);
    const chosen = await harness.send(joke(discordOrigin()));
    await harness.send(joke(discordOrigin({ channel: "c2" })));
    expect(harness.model.requests.map((request) => request.body.model)).toEqual([
      "qwen2.5",
      "gpt-4.1-mini",
    ]);
    expect(chosen).toMatchObject([{ meta: { model: expect.stringMatching(/^qwen2\.5 at /) } }]);
  });

  it("refuses a model outside VSBOT_MODELS, naming the choices", async () => {
    const refused = await harness.send({
      type: "command",
      origin: discordOrigin({ canManage: true }),
      name: "vs",
      subcommand: "settings",
      options: { model: "gpt-5" },
    });
    expect(refused).toMatchObject({
      code: "invalid_input",
      message: 'Unknown model "gpt-5". Choose one of: gpt-4.1-mini, qwen2.5.',
    });
  });
});
