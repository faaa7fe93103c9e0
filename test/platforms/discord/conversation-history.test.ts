import { describe, expect, it } from "vitest";
import { discordHistory } from "../../../src/platforms/discord/conversation-history.js";
import type { MessagePayload } from "../../../src/platforms/discord/message-payload.js";
import type { MessageReader } from "../../../src/platforms/discord/message-reader.js";

const BOT = { userId: "900", applicationId: "901" };
const CHANNEL = "500";

let next = 1000n;
function message(fields: Partial<MessagePayload> & { content: string }): MessagePayload {
  next += 1n;
  return {
    id: String(next),
    channel_id: CHANNEL,
    guild_id: "1",
    type: 0,
    author: { id: "42", username: "ada", global_name: "Ada" },
    mentions: [],
    ...fields,
  };
}

/** Discord's answers from a list of messages, with every call counted. */
function readerOf(messages: readonly MessagePayload[]) {
  const calls: string[] = [];
  const reader: MessageReader = {
    message: async (_channel, id) => {
      calls.push(`message ${id}`);
      return messages.find((item) => item.id === id) ?? null;
    },
    before: async (_channel, before, limit) => {
      calls.push(`before ${before}`);
      const page = messages
        .filter((item) => BigInt(item.id) < BigInt(before))
        .slice(-limit)
        .reverse();
      return { messages: page, next: page.length >= limit ? page.at(-1)?.id : undefined };
    },
  };
  return { reader, calls };
}

describe("reading a Discord conversation", () => {
  it("follows a reply chain upward, fetching what the gateway did not carry, oldest first", async () => {
    const question = message({ content: "<@900> a name for a cat?", mentions: [{ id: "900" }] });
    const answer = message({
      content: "Biscuit.\n-# probability 0.30 · 4 more in the tail",
      author: { id: "900", username: "vsbot", bot: true },
      message_reference: { message_id: question.id },
    });
    const reply = message({
      content: "why?",
      type: 19,
      message_reference: { message_id: answer.id },
      referenced_message: answer,
    });
    const { reader, calls } = readerOf([question, answer]);
    const history = await discordHistory({ message: reply, readChannel: false, reader, bot: BOT })(
      4000,
    );
    expect(history).toEqual([
      { speaker: "Ada", speakerId: "42", fromBot: false, text: "a name for a cat?" },
      { speaker: "vsbot", fromBot: true, text: "Biscuit." },
    ]);
    // The answer came with the reply; only the question above it was fetched.
    expect(calls).toEqual([`message ${question.id}`]);
  });

  it("pages back through a long thread only as far as the tokens wanted", async () => {
    const thread = Array.from({ length: 450 }, (_, index) =>
      message({ content: `message ${index} ${"word ".repeat(20)}` }),
    );
    const latest = message({ content: "<@900> and now?" });
    const { reader, calls } = readerOf([...thread, latest]);
    const read = discordHistory({ message: latest, readChannel: true, reader, bot: BOT });
    const short = await read(500);
    expect(calls).toEqual([`before ${latest.id}`]);
    expect(short.at(-1)?.text).toMatch(/^message 449 /);
    calls.length = 0;
    const long = await read(100_000);
    // Five pages at most, each starting where the last ended.
    expect(calls).toHaveLength(5);
    expect(calls[1]).toBe(`before ${thread[350]?.id}`);
    expect(long).toHaveLength(450);
    expect(long[0]?.text).toMatch(/^message 0 /);
  });

  it("leaves out other bots, webhooks, system messages and deleted references", async () => {
    const others = [
      message({ content: "beep", author: { id: "7", username: "otherbot", bot: true } }),
      message({ content: "hook", webhook_id: "8" }),
      message({ content: "joined", type: 7 }),
      message({ content: "a person" }),
    ];
    const deleted = message({
      content: "replying to something gone",
      type: 19,
      message_reference: { message_id: "1" },
      referenced_message: null,
    });
    const { reader, calls } = readerOf(others);
    const history = await discordHistory({
      message: deleted,
      readChannel: true,
      reader,
      bot: BOT,
    })(4000);
    expect(history.map((item) => item.text)).toEqual(["a person"]);
    expect(calls.filter((call) => call.startsWith("message"))).toEqual([]);
  });

  it("answers with what it has when Discord refuses a read", async () => {
    const answer = message({
      content: "Pickle.",
      author: { id: "901", username: "vsbot", bot: true },
      webhook_id: "901",
      message_reference: { message_id: "999999" },
    });
    const reply = message({ content: "ok", message_reference: { message_id: answer.id } });
    const { reader } = readerOf([answer]);
    const history = await discordHistory({ message: reply, readChannel: false, reader, bot: BOT })(
      4000,
    );
    expect(history).toEqual([{ speaker: "vsbot", fromBot: true, text: "Pickle." }]);
  });
});
