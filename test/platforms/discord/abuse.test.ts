import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDiscordHttp } from "../../../src/platforms/discord/index.js";
import type { RecordedDiscordRequest } from "../../fakes/fake-discord.js";
import {
  buttonClick,
  MEMBER_PERMISSIONS,
  type PayloadContext,
  slashCommand,
} from "../../fakes/fake-discord-payloads.js";
import { postSigned, type SigningKeys } from "../../fakes/fake-discord-signing.js";
import { vsJson } from "../../fakes/fake-openai-server.js";
import { freshJokes } from "../../helpers/engine-harness.js";
import { type HttpHarness, startHttpHarness } from "./harness.js";

/** Manage Threads (1 << 34), and nothing else that manages. */
const MANAGE_THREADS = String((1n << 34n) | (1n << 10n) | (1n << 11n));
const THREAD_ID = "300000000000000099";

let harness: HttpHarness;
let keys: SigningKeys;
let url: string;

function as(user: string, extra: Partial<PayloadContext> = {}): PayloadContext {
  return { ...harness.context, userId: user, permissions: MEMBER_PERMISSIONS, ...extra };
}

/** The same interaction as sent in a DM: no server, no member, the user at the top. */
function inDm<Interaction extends object>(interaction: Interaction, user: string): Interaction {
  const {
    guild_id: _guild,
    guild: _server,
    member: _member,
    ...rest
  } = interaction as Record<string, unknown>;
  return {
    ...rest,
    user: {
      id: user,
      username: `user${user.slice(-2)}`,
      discriminator: "0",
      global_name: null,
      avatar: null,
    },
    channel: { id: "400000000000000001", type: 1 },
    channel_id: "400000000000000001",
  } as Interaction;
}

/** Everything the user saw for one interaction, once its last message is out. */
async function seen(token: string, count = 1): Promise<string[]> {
  const isMessage = (request: RecordedDiscordRequest) =>
    request.path.includes(token) && (request.method === "PATCH" || request.method === "POST");
  await harness.discord.waitForRequests(isMessage, count);
  return harness.discord
    .webhookMessages(token)
    .filter((message) => !message.deleted)
    .map((message) => message.content);
}

async function send(interaction: { token: string }): Promise<string[]> {
  const answer = await postSigned(url, keys, interaction);
  expect(answer.status).toBe(200);
  return seen(interaction.token);
}

function moreButton(content: readonly RecordedDiscordRequest[]): string {
  for (const request of content) {
    const id = request.body.components?.[0]?.components?.[0]?.custom_id;
    if (typeof id === "string") return id;
  }
  throw new Error("no button");
}

// Both suites run at once: each has a bot and a fake Discord of its own, and the second mostly
// waits out its request deadline. Inside this one the tests share a fake Discord, so they run
// one at a time.
describe.concurrent("abuse of a community server: authorization, limits, replays and hostile output", () => {
  beforeAll(async () => {
    harness = await startHttpHarness({ VSBOT_MODEL_RETRIES: "0", VSBOT_USER_RATE_LIMIT: "3/1h" });
    ({ keys, url } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(() => {
    harness.discord.reset();
    harness.model.reset();
  });

  it.sequential("keeps each DM user's settings to that user, even in one shared DM channel", async () => {
    await send(
      inDm(
        slashCommand(as("500000000000000001"), "vs", { k: 9, scope: "server" }, "settings"),
        "500000000000000001",
      ),
    );
    const mine = await send(
      inDm(slashCommand(as("500000000000000001"), "vs", {}, "settings"), "500000000000000001"),
    );
    const theirs = await send(
      inDm(slashCommand(as("500000000000000002"), "vs", {}, "settings"), "500000000000000002"),
    );
    expect(mine.join("\n")).toContain("k=9");
    expect(theirs.join("\n")).not.toContain("k=9");
    expect(theirs.join("\n")).toContain("k=5");
  });

  it.sequential("refuses to end someone else's persona privately, and lets Manage Threads end it", async () => {
    const starter = as("500000000000000011", { channelId: THREAD_ID, channelType: 11 });
    const other = as("500000000000000012", { channelId: THREAD_ID, channelType: 11 });
    const moderator = as("500000000000000013", {
      channelId: THREAD_ID,
      channelType: 11,
      permissions: MANAGE_THREADS,
    });
    await send(
      slashCommand(
        starter,
        "persona",
        { description: "a lighthouse keeper", name: "Mira" },
        "start",
      ),
    );
    const attempt = slashCommand(other, "persona", {}, "end");
    const refused = await send(attempt);
    expect(refused.join("\n")).toMatch(/Only the person who started Mira/);
    expect(
      harness.discord
        .webhookMessages(attempt.token)
        .filter((message) => !message.deleted)
        .every((message) => message.ephemeral),
    ).toBe(true);
    const stillThere = await send(slashCommand(other, "persona", {}, "show"));
    expect(stillThere.join("\n")).toContain("Mira");
    const replacing = await send(
      slashCommand(other, "persona", { description: "a pirate" }, "start"),
    );
    expect(replacing.join("\n")).toMatch(/Only the person who started Mira.*replace it/);
    const ended = await send(slashCommand(moderator, "persona", {}, "end"));
    expect(ended.join("\n")).toMatch(/Mira\*\* has left/);
  });

  it.sequential("counts clicks that call the model: a /joke plus 30 clicks at 3 an hour make at most 3 calls", async () => {
    const user = as("500000000000000021");
    // Every call brings new jokes, so the chain never ends for want of them: only the limit stops it.
    harness.model.respondWith(freshJokes());
    const joke = slashCommand(user, "joke", { topic: "tea" });
    await postSigned(url, keys, joke);
    await seen(joke.token);
    const id = moreButton(
      harness.discord.requests.filter((request) => request.path.includes(joke.token)),
    );
    const answers: string[] = [];
    for (let clicks = 0; clicks < 30; clicks++) {
      const click = buttonClick(user, id);
      await postSigned(url, keys, click);
      answers.push((await seen(click.token)).join("\n"));
    }
    expect(harness.model.requests.length).toBeLessThanOrEqual(3);
    expect(harness.model.requests.length).toBeGreaterThanOrEqual(2);
    const limited = answers.filter((text) => /reached the limit of 3 requests/.test(text));
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatch(/try again in (a minute|\d+ minutes)/);
  });

  it.sequential("answers the same signed interaction sent 3 times once, with one model call, across two instances", async () => {
    const second = await startDiscordHttp(harness.runtime, { port: 0, host: "127.0.0.1" });
    try {
      const joke = slashCommand(as("500000000000000031"), "joke", { topic: "replays" });
      const statuses = [
        (await postSigned(url, keys, joke)).status,
        (await postSigned(url, keys, joke)).status,
        (await postSigned(`http://127.0.0.1:${second.port}/interactions`, keys, joke)).status,
      ];
      await seen(joke.token);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(statuses.slice(0, 2)).toEqual([200, 409]);
      expect(harness.model.requests).toHaveLength(1);
      const edits = harness.discord.requests.filter(
        (request) => request.method === "PATCH" && request.path.includes(joke.token),
      );
      expect(edits).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it.sequential("honours a button only in the channel where its answer was posted", async () => {
    const user = as("500000000000000041");
    const joke = slashCommand(user, "joke");
    await send(joke);
    const id = moreButton(
      harness.discord.requests.filter((request) => request.path.includes(joke.token)),
    );
    const elsewhere = buttonClick(
      as("500000000000000041", { channelId: "300000000000000077" }),
      id,
    );
    const refused = await send(elsewhere);
    expect(refused.join("\n")).toMatch(/belongs to an answer in another conversation/);
    const otherServer = buttonClick(
      as("500000000000000041", { guildId: "300000000000000066" }),
      id,
    );
    expect((await send(otherServer)).join("\n")).toMatch(/another conversation/);
    const here = await send(buttonClick(user, id));
    expect(here.join("\n")).not.toMatch(/another conversation/);
  });

  it.sequential("turns a 1 MB candidate into at most 5 messages, with the cut shown", async () => {
    const huge = `${"A very long answer goes on. ".repeat(40_000)}THE END`;
    harness.model.enqueue({
      content: vsJson([
        [huge, 0.5],
        [`Also ${huge}`, 0.5],
      ]),
    });
    const story = slashCommand(as("500000000000000051"), "story", { premise: "forever" });
    await postSigned(url, keys, story);
    await seen(story.token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const messages = harness.discord
      .webhookMessages(story.token)
      .filter((message) => !message.deleted);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThanOrEqual(5);
    const text = messages.map((message) => message.content).join("\n");
    expect(text).toMatch(
      /\[cut: the answer was 1,1\d\d,\d{3} characters; only the first 4,000 are shown\]/,
    );
    expect(text).not.toContain("THE END");
  });

  it.sequential("shows masked links that pose as addresses as plain text, and drops bidi controls", async () => {
    const spoof =
      "Log in at [https://discord.com/safe](https://evil.example/steal) \u202Efdp.exe\u202C now";
    harness.model.enqueue({
      content: vsJson([
        [spoof, 0.5],
        [spoof.replace("now", "today"), 0.5],
      ]),
    });
    const joke = slashCommand(as("500000000000000061"), "joke");
    const text = (await send(joke)).join("\n");
    expect(text).toContain("\\[https://discord.com/safe\\]\\(https://evil.example/steal\\)");
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain("fdp.exe");
  });
});

describe.concurrent("the request deadline", () => {
  it("gives a user a clear error by VSBOT_REQUEST_TIMEOUT when the model never answers", async ({
    expect,
  }) => {
    const slow = await startHttpHarness({ VSBOT_REQUEST_TIMEOUT: "1s" });
    try {
      slow.model.respondWith(() => ({ hang: true }));
      const joke = slashCommand(slow.context, "joke");
      const answer = await postSigned(slow.url, slow.keys, joke);
      const followUp = await slow.discord.waitForRequest(
        (request) => request.method === "POST" && request.path.endsWith(`/${joke.token}`),
        5000,
      );
      expect(followUp.at - answer.answeredAt).toBeLessThan(2500);
      expect(followUp.body.content).toMatch(/took too long \(over 1 second\)/);
      expect(followUp.body.flags).toBe(64);
    } finally {
      await slow.close({ graceMs: 100, noticeMs: 100 });
    }
  });
});
