import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Inbound, Origin, Reply } from "../../../src/app/types.js";
import { vsJson } from "../../fakes/fake-openai-server.js";
import { promptText } from "../../helpers/engine-harness.js";
import { type ChatHarness, discordOrigin, startChatHarness } from "../chat-harness.js";
import { json, odalysV2, tamsinV3 } from "./card-fixtures.js";
import { attachedFile } from "./file-fixtures.js";
import { pngWithText } from "./png-fixtures.js";

// A thread of its own, where the persona answers every message (see persona-triggers.ts).
const ada = discordOrigin({ user: "100", userName: "Ada", channel: "t1", parentChannel: "c1" });
const reed = discordOrigin({ user: "200", userName: "Reed", channel: "t1", parentChannel: "c1" });

function importCard(origin: Origin, file: unknown, extra: Record<string, unknown> = {}): Inbound {
  return {
    type: "command",
    origin,
    name: "persona",
    subcommand: "import",
    options: { card: file, ...extra },
  };
}

function persona(origin: Origin, subcommand: string): Inbound {
  return { type: "command", origin, name: "persona", subcommand };
}

function startCommand(origin: Origin): Extract<Inbound, { type: "command" }> {
  return { type: "command", origin, name: "persona", subcommand: "start" };
}

function say(origin: Origin, text: string): Inbound {
  return { type: "message", origin, text };
}

function replies(result: Reply[] | { code: string; message: string }): Reply[] {
  if (!Array.isArray(result)) throw new Error(`expected replies, got ${JSON.stringify(result)}`);
  return result;
}

function buttonOf(reply: Reply | undefined, label: "◀" | "▶"): string {
  const button = reply?.buttons.find((candidate) => candidate.label === label);
  if (!button) throw new Error(`no ${label} button on ${JSON.stringify(reply)}`);
  return button.id;
}

function click(origin: Origin, id: string): Inbound {
  return { type: "button", origin, id };
}

describe("personas from character cards", () => {
  let harness: ChatHarness;

  beforeEach(async () => {
    harness = await startChatHarness();
  });

  afterEach(async () => {
    await harness.close();
  });

  it("imports a V2 JSON card: greets with first_mes, and swipes through the alternate greetings without the model", async () => {
    const file = attachedFile("odalys.json", json(odalysV2()));
    const [intro, greeting] = replies(await harness.send(importCard(ada, file)));
    expect(intro?.body).toContain("Captain Odalys Venn");
    expect(intro?.body).toContain("lore");
    expect(greeting?.body).toBe("Welcome aboard the Kestrel, Ada. Mind the ropes.");
    expect(greeting?.voice?.name).toBe("Captain Odalys Venn");
    expect(greeting?.footer).toContain("1/3");

    const seen = [greeting?.body];
    let shown = greeting;
    for (let swipe = 0; swipe < 2; swipe++) {
      [shown] = replies(await harness.send(click(ada, buttonOf(shown, "▶"))));
      expect(shown?.replaces).toBe(true);
      seen.push(shown?.body);
    }
    expect(seen).toEqual([
      "Welcome aboard the Kestrel, Ada. Mind the ropes.",
      "Storm's coming, Ada. Grab the storm glass.",
      "You're late, Ada. The Kestrel waits for no one.",
    ]);
    // Past the last greeting there is no tail: ▶ goes round to the first, still no model call.
    const [wrapped] = replies(await harness.send(click(ada, buttonOf(shown, "▶"))));
    expect(wrapped?.body).toBe(seen[0]);
    const [back] = replies(await harness.send(click(ada, buttonOf(wrapped, "▶"))));
    const [again] = replies(await harness.send(click(ada, buttonOf(back, "◀"))));
    expect(again?.body).toBe(seen[0]);
    expect(harness.model.requests).toHaveLength(0);

    // The greeting left showing is what the persona remembers.
    await harness.send(click(ada, buttonOf(again, "▶")));
    await harness.send(say(ada, "Aye, captain."));
    const prompt = promptText(harness.model.requests[0]);
    expect(prompt).toContain("Storm's coming, Ada.");
    expect(prompt).not.toContain("Mind the ropes.");
  });

  it("builds the prompt from the card: its system prompt, definition, examples and post-history instructions, names substituted", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    await harness.send(say(ada, "Where to, captain?"));
    const request = harness.model.requests[0];
    const text = promptText(request);
    expect(text).toContain(
      "You are Captain Odalys Venn. Never break character, and speak to Ada plainly.",
    );
    expect(text).toContain("commands the airship Kestrel and owes money in four ports");
    expect(text).toContain("bold, superstitious about weather, fond of Ada");
    expect(text).toContain("Wherever the wind pays best.");
    expect(text).not.toContain("{{char}}");
    expect(text).not.toContain("{{user}}");
    // Post-history instructions come after the conversation.
    expect(
      text.indexOf("Keep Captain Odalys Venn's replies under four sentences."),
    ).toBeGreaterThan(text.indexOf("Ada: Where to, captain?"));
  });

  it("inserts a lore entry when its keyword appears in recent messages, and not otherwise", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    await harness.send(say(ada, "Any news from the harbor?"));
    expect(promptText(harness.model.requests[0])).not.toContain(
      "The storm glass clouds over a day before any squall.",
    );
    await harness.send(say(ada, "Should I check the STORM GLASS?"));
    expect(promptText(harness.model.requests[1])).toContain(
      "The storm glass clouds over a day before any squall.",
    );
  });

  it("keeps lore within its share of the persona budget: an entry too big to fit stays out", async () => {
    await harness.close();
    harness = await startChatHarness({ VSBOT_PERSONA_TOKEN_BUDGET: "800" });
    const card = odalysV2() as {
      data: { character_book: { token_budget?: number; entries: unknown[] } };
    };
    delete card.data.character_book.token_budget;
    card.data.character_book.entries = [
      {
        keys: ["anchor"],
        content: `The anchor chain ${"clanks and ".repeat(150)}holds.`,
        enabled: true,
        insertion_order: 1,
        extensions: {},
      },
      {
        keys: ["anchor"],
        content: "The Kestrel's anchor is named Patience.",
        enabled: true,
        insertion_order: 2,
        extensions: {},
      },
    ];
    await harness.send(importCard(ada, attachedFile("odalys.json", json(card))));
    await harness.send(say(ada, "Drop the anchor!"));
    const prompt = promptText(harness.model.requests[0]);
    expect(prompt).toContain("The Kestrel's anchor is named Patience.");
    expect(prompt).not.toContain("The anchor chain");
  });

  it("imports a V3 card from a PNG's ccv3 chunk, answering to its nickname, avatar from the attachment", async () => {
    const png = pngWithText({
      chara: Buffer.from(json(odalysV2())).toString("base64"),
      ccv3: Buffer.from(json(tamsinV3())).toString("base64"),
    });
    const file = attachedFile("tamsin.png", png, {
      contentType: "image/png",
      publicUrl: "https://cdn.example.test/attachments/tamsin.png",
    });
    const [intro, greeting] = replies(
      await harness.send(importCard(ada, file, { nicknames: "Archivist" })),
    );
    expect(intro?.body).toContain("V3");
    expect(greeting?.body).toBe("Another song for the shelves, Ada? Let me listen.");
    expect(greeting?.voice).toMatchObject({
      name: "Tam",
      avatarUrl: "https://cdn.example.test/attachments/tamsin.png",
    });
    const [shown] = replies(await harness.send(persona(ada, "show")));
    expect(shown?.body).toContain("Archivist");
    await harness.send(say(ada, "I brought a music box."));
    expect(promptText(harness.model.requests[0])).toContain(
      "Music boxes in the archive are wound only at dusk.",
    );
  });

  it("refuses a hostile card with a clear message and changes nothing", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    const broken = await harness.send(
      importCard(ada, attachedFile("evil.json", '{"spec":"chara_card_v2","data":')),
    );
    expect(broken).toMatchObject({ code: "card_invalid" });
    expect((broken as { message: string }).message).toMatch(/could not be read/);
    const huge = attachedFile("huge.png", new Uint8Array(16), { size: 50 * 1024 * 1024 });
    const tooBig = await harness.send(importCard(ada, huge));
    expect((tooBig as { message: string }).message).toMatch(/at most/);
    expect(huge.reads()).toBe(0);
    const badAvatar = await harness.send(
      importCard(ada, attachedFile("t.json", json(tamsinV3())), { avatar: "javascript:alert(1)" }),
    );
    expect((badAvatar as { message: string }).message).toMatch(/https/);
    const [shown] = replies(await harness.send(persona(ada, "show")));
    expect(shown?.body).toContain("Captain Odalys Venn");
  });

  it("exports the persona as a V2 JSON file, extensions kept; a free-text persona too", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    const [exported] = replies(await harness.send(persona(ada, "export")));
    expect(exported?.file?.name).toBe("Captain_Odalys_Venn.json");
    const card = JSON.parse(exported?.file?.text ?? "{}");
    expect(card.spec).toBe("chara_card_v2");
    expect(card.data.first_mes).toBe("Welcome aboard the Kestrel, {{user}}. Mind the ropes.");
    expect(card.data.extensions["othertool/voice"]).toEqual({
      pitch: -2,
      presets: ["gruff", { deep: true }],
    });

    const elsewhere = discordOrigin({ channel: "t2" });
    await harness.send({
      ...startCommand(elsewhere),
      options: { description: "a grumpy lighthouse keeper", name: "Morwen" },
    });
    const [plain] = replies(await harness.send(persona(elsewhere, "export")));
    const plainCard = JSON.parse(plain?.file?.text ?? "{}");
    expect(plainCard.data).toMatchObject({
      name: "Morwen",
      description: "a grumpy lighthouse keeper",
    });
  });
});

describe("swipes on a persona's reply", () => {
  let harness: ChatHarness;

  beforeEach(async () => {
    harness = await startChatHarness({ VSBOT_K: "6" });
    harness.model.respondWith(() => ({
      content: vsJson([
        ["Fair winds ahead, if the gulls are honest.", 0.3],
        ["We sail at dawn, and not a minute later.", 0.2],
        ["Ask me again after I've had my coffee.", 0.15],
        ["The Kestrel knows the way better than I do.", 0.13],
        ["Somewhere with fewer creditors, ideally.", 0.12],
        ["South, where the storms sleep in summer.", 0.1],
      ]),
    }));
  });

  afterEach(async () => {
    await harness.close();
  });

  it("gives five different replies from one model call; the history keeps the one showing; another user's swipe is refused", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    const [first] = replies(await harness.send(say(ada, "Where are we headed?")));
    const seen = [first?.body];
    let shown = first;
    for (let swipe = 0; swipe < 5; swipe++) {
      [shown] = replies(await harness.send(click(ada, buttonOf(shown, "▶"))));
      expect(shown?.replaces).toBe(true);
      seen.push(shown?.body);
    }
    expect(new Set(seen).size).toBe(6);
    expect(harness.model.requests).toHaveLength(1);

    const refused = await harness.send(click(reed, buttonOf(shown, "◀")));
    expect(refused).toMatchObject({ code: "invalid_input" });
    expect((refused as { message: string }).message).toContain("Only the person whose message");

    [shown] = replies(await harness.send(click(ada, buttonOf(shown, "◀"))));
    const kept = shown?.body ?? "";
    expect(kept).toBe(seen[4]);
    const [memory] = replies(await harness.send(persona(ada, "memory")));
    expect(memory?.private).toBe(true);
    expect(memory?.body).toContain(kept);
    await harness.send(say(ada, "And after that?"));
    const prompt = promptText(harness.model.requests[1]);
    expect(prompt).toContain(kept);
    for (const other of seen.filter((text) => text !== kept)) expect(prompt).not.toContain(other);
  });

  it("asks the model once more past the end of the tail", async () => {
    harness.model.respondWith(undefined);
    harness.model.enqueue(
      {
        content: vsJson([
          ["One.", 0.6],
          ["Two.", 0.4],
        ]),
      },
      { content: vsJson([["Three, from the second call.", 0.05]]) },
    );
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    const [first] = replies(await harness.send(say(ada, "Count for me.")));
    const [second] = replies(await harness.send(click(ada, buttonOf(first, "▶"))));
    expect(harness.model.requests).toHaveLength(1);
    const [third] = replies(await harness.send(click(ada, buttonOf(second, "▶"))));
    expect(harness.model.requests).toHaveLength(2);
    expect(third?.body).toBe("Three, from the second call.");
    expect(third?.footer).toContain("3/3");
  });

  it("refuses to swipe a reply that is no longer the latest", async () => {
    await harness.send(importCard(ada, attachedFile("odalys.json", json(odalysV2()))));
    const [first] = replies(await harness.send(say(ada, "Where are we headed?")));
    await harness.send(say(ada, "Never mind."));
    const stale = await harness.send(click(ada, buttonOf(first, "▶")));
    expect((stale as { message: string }).message).toContain("latest message");
  });
});

describe("memory controls", () => {
  let harness: ChatHarness;

  beforeEach(async () => {
    harness = await startChatHarness();
  });

  afterEach(async () => {
    await harness.close();
  });

  it("shows the memory, forgets the last exchange and resets the history, only for the starter or a moderator", async () => {
    await harness.send({
      ...startCommand(ada),
      options: { description: "a patient chess tutor", name: "Ines" },
    });
    await harness.send(say(ada, "First question about openings."));
    await harness.send(say(ada, "Second question about endgames."));
    const refused = await harness.send(persona(reed, "forget"));
    expect((refused as { message: string }).message).toContain("Only the person who started Ines");
    expect(await harness.send(persona(reed, "reset"))).toMatchObject({ code: "invalid_input" });

    const [forgot] = replies(await harness.send(persona(ada, "forget")));
    expect(forgot?.body).toContain("2 messages");
    const peek = await harness.send(persona(reed, "memory"));
    expect((peek as { message: string }).message).toContain("can see what it remembers");
    const [memory] = replies(await harness.send(persona(ada, "memory")));
    expect(memory?.private).toBe(true);
    expect(memory?.body).toContain("First question about openings.");
    expect(memory?.body).not.toContain("Second question");

    const moderator = { ...reed, canModerate: true };
    const [reset] = replies(await harness.send(persona(moderator, "reset")));
    expect(reset?.body).toContain("2 messages");
    const [empty] = replies(await harness.send(persona(ada, "memory")));
    expect(empty?.body).toContain("remembers nothing");
    await harness.send(say(ada, "Hello again."));
    expect(promptText(harness.model.requests.at(-1))).not.toContain("First question");
  });
});
