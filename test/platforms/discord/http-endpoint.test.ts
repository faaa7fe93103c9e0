import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RecordedDiscordRequest } from "../../fakes/fake-discord.js";
import { buttonClick, pingInteraction, slashCommand } from "../../fakes/fake-discord-payloads.js";
import {
  createSigningKeys,
  nowSeconds,
  postSigned,
  type SigningKeys,
  signBody,
} from "../../fakes/fake-discord-signing.js";
import { DEFAULT_CANDIDATES, vsJson } from "../../fakes/fake-openai-server.js";
import { type HttpHarness, isMessageSend, startHttpHarness } from "./harness.js";

let harness: HttpHarness;
let keys: SigningKeys;
let url: string;

beforeAll(async () => {
  harness = await startHttpHarness({ VSBOT_MODEL_RETRIES: "0" });
  ({ keys, url } = harness);
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.discord.reset();
  harness.model.reset();
});

afterEach(() => {
  for (const request of harness.discord.requests.filter(isMessageSend)) {
    expect(request.body.allowed_mentions).toEqual({ parse: [] });
  }
});

function isEditOf(token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "PATCH" && request.path.endsWith(`/${token}/messages/@original`);
}

function firstCustomId(request: RecordedDiscordRequest): string {
  return request.body.components?.[0]?.components?.[0]?.custom_id ?? "";
}

describe("the HTTP interactions endpoint", () => {
  it("answers a signed PING with PONG", async () => {
    const answer = await postSigned(url, keys, pingInteraction(harness.discord.applicationId));
    expect(answer).toMatchObject({ status: 200, body: { type: 1 } });
  });

  it("defers a signed /joke in its HTTP response, then edits the original through REST", async () => {
    const interaction = slashCommand(harness.context, "joke", { topic: "tea" });
    const answer = await postSigned(url, keys, interaction);
    expect(answer).toMatchObject({ status: 200, body: { type: 5, data: {} } });
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));
    expect(edit.path).toBe(
      `/webhooks/${harness.discord.applicationId}/${interaction.token}/messages/@original`,
    );
    expect(DEFAULT_CANDIDATES.some(([text]) => edit.body.content.startsWith(text))).toBe(true);
    expect(harness.discord.requests.some((request) => request.path.endsWith("/callback"))).toBe(
      false,
    );
  });

  it("serves four different tail jokes on four signed clicks with one model request", async () => {
    const interaction = slashCommand(harness.context, "joke");
    await postSigned(url, keys, interaction);
    const first = await harness.discord.waitForRequest(isEditOf(interaction.token));
    const seen = [first.body.content.split("\n")[0]];
    for (let clicks = 0; clicks < 4; clicks++) {
      const click = buttonClick(harness.context, firstCustomId(first));
      const answer = await postSigned(url, keys, click);
      expect(answer).toMatchObject({ status: 200, body: { type: 5 } });
      const edit = await harness.discord.waitForRequest(isEditOf(click.token));
      seen.push(edit.body.content.split("\n")[0]);
    }
    expect(new Set(seen).size).toBe(5);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("answers with the deferral without waiting for a slow model", async () => {
    harness.model.enqueue({ content: vsJson(DEFAULT_CANDIDATES), delayMs: 1500 });
    const interaction = slashCommand(harness.context, "joke");
    const answer = await postSigned(url, keys, interaction);
    expect(answer.body).toEqual({ type: 5, data: {} });
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));
    expect(edit.at - answer.answeredAt).toBeGreaterThanOrEqual(1400);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("sends a failing model's error as an ephemeral follow-up", async () => {
    harness.model.respondWith(() => ({ status: 500 }));
    const interaction = slashCommand(harness.context, "joke");
    await postSigned(url, keys, interaction);
    const followUp = await harness.discord.waitForRequest(
      (request) => request.method === "POST" && request.path.endsWith(`/${interaction.token}`),
    );
    expect(followUp.body).toMatchObject({
      flags: 64,
      content: "The model server had an error. Please try again shortly.",
    });
  });

  it("rejects a tampered body with 401", async () => {
    const interaction = slashCommand(harness.context, "joke");
    const body = JSON.stringify(interaction);
    const timestamp = nowSeconds();
    const signature = signBody(keys, timestamp, body);
    const tampered = body.replace('"joke"', '"poem"');
    const answer = await postSigned(url, keys, tampered, { timestamp, signature });
    expect(answer.status).toBe(401);
    expect(harness.model.requests).toEqual([]);
  });

  it("rejects a signature made with another key with 401", async () => {
    const answer = await postSigned(
      url,
      createSigningKeys(),
      slashCommand(harness.context, "joke"),
    );
    expect(answer.status).toBe(401);
  });

  it("rejects requests without the signature headers with 401", async () => {
    const interaction = slashCommand(harness.context, "joke");
    expect((await postSigned(url, keys, interaction, { signature: null })).status).toBe(401);
    expect((await postSigned(url, keys, interaction, { timestampHeader: null })).status).toBe(401);
    expect((await postSigned(url, keys, interaction, { signature: "zz" })).status).toBe(401);
  });

  it("rejects a correctly signed but stale request with 401", async () => {
    const sixMinutesAgo = String(Math.floor(Date.now() / 1000) - 360);
    const answer = await postSigned(url, keys, pingInteraction(harness.discord.applicationId), {
      timestamp: sixMinutesAgo,
    });
    expect(answer.status).toBe(401);
  });

  it("rejects malformed JSON with a valid signature with 400", async () => {
    const answer = await postSigned(url, keys, '{"type": 2, "data": ');
    expect(answer.status).toBe(400);
    expect((await postSigned(url, keys, "null")).status).toBe(400);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const huge = JSON.stringify({ type: 1, padding: "x".repeat(300 * 1024) });
    const answer = await postSigned(url, keys, huge);
    expect(answer.status).toBe(413);
  });

  it("answers only POST /interactions", async () => {
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace("/interactions", "/other"), { method: "POST" })).status).toBe(
      404,
    );
  });
});
