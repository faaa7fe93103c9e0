import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatHarness, discordOrigin, joke, moreId, startChatHarness } from "./chat-harness.js";

let harness: ChatHarness;

beforeAll(async () => {
  harness = await startChatHarness({
    VSBOT_ALLOWED_CHANNELS: "c1",
    VSBOT_BLOCKED_USERS: "666",
    VSBOT_ADMIN_USERS: "900",
  });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.model.reset();
});

describe("access lists", () => {
  it("answers a command in the allowed channel", async () => {
    const replies = await harness.send(joke(discordOrigin()));
    expect(Array.isArray(replies)).toBe(true);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("refuses another channel and a blocked user politely, with no model call", async () => {
    const elsewhere = await harness.send(joke(discordOrigin({ channel: "c2" })));
    const blocked = await harness.send(joke(discordOrigin({ user: "666" })));
    expect(elsewhere).toMatchObject({
      code: "access_denied",
      message: /isn't available in this channel/,
    });
    expect(blocked).toMatchObject({ code: "access_denied", message: /Sorry/ });
    expect(harness.model.requests).toHaveLength(0);
  });

  it("counts a thread as its parent channel", async () => {
    const inThread = await harness.send(
      joke(discordOrigin({ channel: "t1", parentChannel: "c1" })),
    );
    expect(Array.isArray(inThread)).toBe(true);
  });

  it("refuses a blocked user's click and persona message, but not a message where no persona is", async () => {
    const button = moreId(await harness.send(joke(discordOrigin())));
    harness.model.reset();
    const blocked = discordOrigin({ user: "666" });
    expect(await harness.send({ type: "button", origin: blocked, id: button })).toMatchObject({
      code: "access_denied",
    });
    expect(await harness.send({ type: "message", origin: blocked, text: "hello" })).toEqual([]);
    const starter = discordOrigin({ channel: "c1", thread: "p1" });
    await harness.send({
      type: "command",
      origin: starter,
      name: "persona",
      subcommand: "start",
      options: { description: "a lighthouse keeper" },
    });
    expect(
      await harness.send({ type: "message", origin: { ...blocked, thread: "p1" }, text: "hello" }),
    ).toMatchObject({ code: "access_denied" });
    expect(harness.model.requests).toHaveLength(0);
  });

  it("keeps settings changes and usage to managers and admins", async () => {
    const change = {
      type: "command",
      name: "vs",
      subcommand: "settings",
      options: { k: 3 },
    } as const;
    const usage = { type: "command", name: "vs", subcommand: "usage" } as const;
    expect(await harness.send({ ...change, origin: discordOrigin() })).toMatchObject({
      code: "invalid_input",
      message: /Only members who can manage/,
    });
    expect(await harness.send({ ...usage, origin: discordOrigin() })).toMatchObject({
      code: "invalid_input",
      message: /Only members who can manage this server/,
    });
    const admin = discordOrigin({ user: "900", channel: "elsewhere" });
    expect(Array.isArray(await harness.send({ ...change, origin: admin }))).toBe(true);
    const shown = await harness.send({ ...usage, origin: admin });
    expect(shown).toMatchObject([{ private: true, body: /Usage in this server/ }]);
    const manager = discordOrigin({ canManage: true, canManageServer: true });
    expect(Array.isArray(await harness.send({ ...usage, origin: manager }))).toBe(true);
  });
});
