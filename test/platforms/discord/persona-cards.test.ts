import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { base64, json, odalysV2, tamsinV3 } from "../../app/personas/card-fixtures.js";
import { pngWithText } from "../../app/personas/png-fixtures.js";
import type { RecordedDiscordRequest } from "../../fakes/fake-discord.js";
import {
  buttonClick,
  slashCommand,
  userMessage,
  withAttachment,
} from "../../fakes/fake-discord-payloads.js";
import { vsJson } from "../../fakes/fake-openai-server.js";
import { type DiscordHarness, startGatewayHarness } from "./harness.js";

let harness: DiscordHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ env: { VSBOT_MODEL_RETRIES: "0", VSBOT_K: "6" } });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.discord.reset();
  harness.model.reset();
});

function isEditOf(token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "PATCH" && request.path.endsWith(`/${token}/messages/@original`);
}

function isFollowUpOf(token: string) {
  return (request: RecordedDiscordRequest) =>
    request.method === "POST" && request.path.endsWith(`/${token}`);
}

function customIdOf(components: readonly unknown[], label: string): string {
  // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
  const buttons = components.flatMap((row: any) => row.components ?? []);
  // biome-ignore lint/suspicious/noExplicitAny: reading the recorded JSON.
  const button = buttons.find((candidate: any) => candidate.label === label);
  if (!button) throw new Error(`no ${label} button`);
  return button.custom_id;
}

/** Imports the Odalys card by attachment in the channel; returns the persona's thread. */
async function importOdalys(): Promise<string> {
  const file = harness.discord.hostAttachment("odalys.json", json(odalysV2()), "application/json");
  const interaction = withAttachment(
    slashCommand(harness.context, "persona", {}, "import"),
    "card",
    file,
  );
  harness.discord.dispatchInteraction(interaction);
  await harness.discord.waitForRequest(isEditOf(interaction.token));
  const [thread] = harness.discord.threads;
  if (!thread) throw new Error("no thread opened");
  return thread.id;
}

describe("Discord: personas from character cards", () => {
  it("imports an attached card into a thread named after it, posts the greeting, and swipes the alternate greetings in place", async () => {
    const threadId = await importOdalys();
    expect(harness.discord.threads[0]?.name).toBe("Captain Odalys Venn");
    const [intro, greeting] = harness.discord.channelMessages(threadId);
    expect(intro?.content).toContain("**Captain Odalys Venn** is here");
    expect(greeting?.content).toContain("Welcome aboard the Kestrel, Ada. Mind the ropes.");
    expect(harness.model.requests).toHaveLength(0);

    const threadContext = { ...harness.context, channelId: threadId, channelType: 11 };
    const click = buttonClick(threadContext, customIdOf(greeting?.components ?? [], "▶"));
    const swiped = { ...click, message: { ...click.message, id: greeting?.id ?? "" } };
    harness.discord.dispatchInteraction(swiped);
    await harness.discord.waitForRequest(isEditOf(click.token));
    const callback = harness.discord.requests.find((request) =>
      request.path.includes(`/interactions/${click.id}/`),
    );
    expect(callback?.body.type).toBe(6);
    const messages = harness.discord.channelMessages(threadId);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.id).toBe(greeting?.id);
    expect(messages[1]?.content).toContain("Storm's coming, Ada.");
    expect(harness.model.requests).toHaveLength(0);
  });

  it("swipes a reply in place for who prompted it, and refuses someone else privately, leaving the message as it was", async () => {
    const threadId = await importOdalys();
    harness.model.respondWith(() => ({
      content: vsJson([
        ["Fair winds ahead, if the gulls are honest.", 0.3],
        ["We sail at dawn, and not a minute later.", 0.25],
        ["Ask me again after I've had my coffee.", 0.2],
        ["Somewhere with fewer creditors, ideally.", 0.15],
        ["South, where the storms sleep in summer.", 0.1],
      ]),
    }));
    const threadContext = { ...harness.context, channelId: threadId, channelType: 11 };
    harness.discord.dispatch("MESSAGE_CREATE", userMessage(threadContext, "Where are we headed?"));
    // The intro as the bot; the greeting and the reply as the persona, through the webhook.
    await harness.discord.waitForRequests(
      (request) =>
        request.method === "POST" &&
        request.status() === 200 &&
        (request.path === `/channels/${threadId}/messages` ||
          new URLSearchParams(request.query).get("thread_id") === threadId),
      3,
    );
    const reply = harness.discord.channelMessages(threadId).at(-1);
    const firstText = reply?.content ?? "";

    const other = { ...threadContext, userId: "200000000000000099", username: "reed" };
    const refusedClick = buttonClick(other, customIdOf(reply?.components ?? [], "▶"));
    harness.discord.dispatchInteraction({
      ...refusedClick,
      message: { ...refusedClick.message, id: reply?.id ?? "" },
    });
    const refusal = await harness.discord.waitForRequest(isFollowUpOf(refusedClick.token));
    expect(refusal.body.flags).toBe(64);
    expect(refusal.body.content).toContain("Only the person whose message");
    expect(harness.discord.channelMessages(threadId).at(-1)?.content).toBe(firstText);

    const seen = new Set([firstText.split("\n")[0]]);
    for (let swipe = 0; swipe < 4; swipe++) {
      const current = harness.discord.channelMessages(threadId).at(-1);
      const click = buttonClick(threadContext, customIdOf(current?.components ?? [], "▶"));
      harness.discord.dispatchInteraction({
        ...click,
        message: { ...click.message, id: reply?.id ?? "" },
      });
      await harness.discord.waitForRequest(isEditOf(click.token));
      seen.add(harness.discord.channelMessages(threadId).at(-1)?.content.split("\n")[0]);
    }
    expect(seen.size).toBe(5);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("posts a PNG card's greeting through the channel webhook under the card's display name and the avatar given", async () => {
    const png = pngWithText({ ccv3: base64(json(tamsinV3())) });
    const file = harness.discord.hostAttachment("tamsin.png", png, "image/png");
    const avatar = "https://images.example.test/tamsin.png";
    const interaction = withAttachment(
      slashCommand(harness.context, "persona", { avatar }, "import"),
      "card",
      file,
    );
    harness.discord.dispatchInteraction(interaction);
    const executed = await harness.discord.waitForRequest(
      (request) =>
        request.method === "POST" &&
        /^\/webhooks\/\d+\/[^/]+$/.test(request.path) &&
        request.status() === 200,
    );
    // A V3 card's nickname is the name it is shown under (the spec's stand-in for {{char}}).
    expect(executed.body.username).toBe("Tam");
    expect(executed.body.avatar_url).toBe(avatar);
    const [thread] = harness.discord.threads;
    expect(new URLSearchParams(executed.query).get("thread_id")).toBe(thread?.id);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("exports the persona as a V2 JSON file, privately", async () => {
    const threadId = await importOdalys();
    const threadContext = { ...harness.context, channelId: threadId, channelType: 11 };
    const interaction = slashCommand(threadContext, "persona", {}, "export");
    harness.discord.dispatchInteraction(interaction);
    const edit = await harness.discord.waitForRequest(isEditOf(interaction.token));
    const callback = harness.discord.requests.find((request) =>
      request.path.includes(`/interactions/${interaction.id}/`),
    );
    expect(callback?.body.data?.flags).toBe(64);
    const [file] = edit.body.files;
    expect(file.name).toBe("Captain_Odalys_Venn.json");
    expect(JSON.parse(file.text).data.name).toBe("Captain Odalys Venn");
  });

  it("refuses a hostile card without opening a thread", async () => {
    const file = harness.discord.hostAttachment("evil.png", "not a png at all", "image/png");
    const interaction = withAttachment(
      slashCommand(harness.context, "persona", {}, "import"),
      "card",
      file,
    );
    harness.discord.dispatchInteraction(interaction);
    const notice = await harness.discord.waitForRequest(isFollowUpOf(interaction.token));
    expect(notice.body.flags).toBe(64);
    expect(notice.body.content).toContain("That character card could not be read");
    expect(harness.discord.threads).toHaveLength(0);
  });
});
