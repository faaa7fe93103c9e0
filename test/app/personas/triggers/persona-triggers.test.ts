import { afterEach, describe, expect, it } from "vitest";
import type { PersonaSession } from "../../../../src/app/personas/persona-session.js";
import {
  talkativenessOf,
  triggerFor,
} from "../../../../src/app/personas/triggers/persona-triggers.js";
import type { Inbound, Origin } from "../../../../src/app/types.js";
import { createSeededRandom } from "../../../../src/engine/random.js";
import { vsJson } from "../../../fakes/fake-openai-server.js";
import { type ChatHarness, discordOrigin, startChatHarness } from "../../chat-harness.js";

/** A channel people share: no thread, no DM. */
const channel: Origin = discordOrigin({ channel: "c9", canManage: true });

function session(fields: Partial<PersonaSession> = {}): PersonaSession {
  return {
    version: 2,
    name: "Captain Reed",
    description: "a sea captain",
    identity: { displayName: "Captain Reed", nicknames: ["Cap"] },
    startedBy: channel.user,
    turns: [],
    createdAt: 0,
    ...fields,
  };
}

describe("triggerFor", () => {
  const random = createSeededRandom(3);

  it("answers everything in its own thread, a DM and the console", () => {
    for (const origin of [
      discordOrigin({ channel: "t1", parentChannel: "c1" }),
      discordOrigin({ channel: "d1", direct: true }),
      { ...channel, platform: "slack" as const, thread: "1700000000.000100" },
      { ...channel, platform: "console" as const },
    ]) {
      expect(triggerFor({ session: session(), origin, text: "hm", addressed: false }, random)).toBe(
        "own-thread",
      );
    }
  });

  it("in a shared channel answers when addressed or named, else stays quiet", () => {
    const ask = (text: string, addressed = false) =>
      triggerFor({ session: session(), origin: channel, text, addressed }, random);
    expect(ask("anyone?")).toBeNull();
    expect(ask("anyone?", true)).toBe("addressed");
    expect(ask("cap, a story")).toBe("named");
  });

  it("joins in unprompted about as often as its talkativeness says", () => {
    const chatty = session({ talkativeness: 0.3 });
    let joined = 0;
    for (let index = 0; index < 1000; index++) {
      const reason = triggerFor(
        { session: chatty, origin: channel, text: "weather, huh", addressed: false },
        random,
      );
      if (reason === "talkative") joined++;
    }
    expect(joined).toBeGreaterThan(240);
    expect(joined).toBeLessThan(360);
  });

  it("takes talkativeness from its own setting, else the card's extensions, else 0", () => {
    const card = { extensions: { talkativeness: "0.5" } } as unknown as NonNullable<
      PersonaSession["card"]
    >;
    expect(talkativenessOf(session())).toBe(0);
    expect(talkativenessOf(session({ card }))).toBe(0.5);
    expect(talkativenessOf(session({ card, talkativeness: 0.1 }))).toBe(0.1);
    const broken = { extensions: { talkativeness: "loud" } } as unknown as NonNullable<
      PersonaSession["card"]
    >;
    expect(talkativenessOf(session({ card: broken }))).toBe(0);
  });
});

describe("/persona talkativeness", () => {
  let harness: ChatHarness;

  afterEach(async () => {
    await harness?.close();
  });

  const message = (text: string, addressed = false): Inbound => ({
    type: "message",
    origin: channel,
    text,
    addressed,
  });

  it("lets the starter make a persona join in unprompted, and quiet it again", async () => {
    harness = await startChatHarness();
    harness.model.respondWith(() => ({ content: vsJson([["Aye.", 1]]) }));
    await harness.send({
      type: "command",
      origin: channel,
      name: "persona",
      subcommand: "start",
      options: { name: "Captain Reed", description: "a sea captain" },
    });
    expect(await harness.send(message("nice weather"))).toEqual([]);
    expect(harness.model.requests).toHaveLength(0);

    const set = await harness.send({
      type: "command",
      origin: channel,
      name: "persona",
      text: "talkativeness 1",
    });
    expect(JSON.stringify(set)).toContain("joins in unprompted about 100%");
    expect(JSON.stringify(await harness.send(message("nice weather")))).toContain("Aye.");

    const stranger = discordOrigin({ user: "999", channel: "c9" });
    const refused = await harness.send({
      type: "command",
      origin: stranger,
      name: "persona",
      subcommand: "talkativeness",
      options: { level: 0 },
    });
    expect(refused).toMatchObject({ code: "invalid_input" });
    const bad = await harness.send({
      type: "command",
      origin: channel,
      name: "persona",
      subcommand: "talkativeness",
      options: { level: 3 },
    });
    expect(JSON.stringify(bad)).toContain("from 0 (never) to 1");

    await harness.send({
      type: "command",
      origin: channel,
      name: "persona",
      subcommand: "talkativeness",
      options: { level: 0 },
    });
    const calls = harness.model.requests.length;
    expect(await harness.send(message("nice weather"))).toEqual([]);
    expect(JSON.stringify(await harness.send(message("right, Captain Reed?")))).toContain("Aye.");
    expect(harness.model.requests).toHaveLength(calls + 1);
  });
});
