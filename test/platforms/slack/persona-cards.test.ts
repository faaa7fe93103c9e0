import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, odalysV2 } from "../../app/personas/card-fixtures.js";
import { pngWithText } from "../../app/personas/png-fixtures.js";
import { vsJson } from "../../fakes/fake-openai-server.js";
import type { SlackApiCall } from "../../fakes/fake-slack.js";
import { allTextOf, buttonsOf } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

const CHANNEL = "C0GENERAL";

function cardPng(): Uint8Array {
  return pngWithText({ chara: Buffer.from(json(odalysV2())).toString("base64") });
}

describe("Slack: personas from character cards", () => {
  let harness: SlackHarness;

  beforeEach(async () => {
    harness = await startSlackHarness({
      users: [
        { id: "U0ALICE", name: "alice", displayName: "Alice" },
        { id: "U0REED", name: "reed", displayName: "Reed" },
      ],
      env: { VSBOT_K: "6" },
    });
    harness.slack.addFile({
      id: "F0CARD0001",
      name: "odalys.png",
      mimetype: "image/png",
      user: "U0ALICE",
      channels: [CHANNEL],
      content: cardPng(),
    });
  });

  afterEach(async () => {
    await harness.close();
  });

  /** `/persona import` with the card just shared; returns the thread and the greeting post. */
  async function importCard(text = ""): Promise<{ thread: string; greeting: SlackApiCall }> {
    await harness.command("/persona", `import ${text}`.trim());
    await harness.platform.idle();
    const [placeholder, greeting] = harness.slack.callsTo("chat.postMessage");
    if (!placeholder || !greeting) throw new Error("no persona posts");
    return { thread: String(placeholder.response.ts), greeting };
  }

  it("imports the card the user just shared in the channel, greets in its thread with the card's name and icon", async () => {
    const { thread, greeting } = await importCard();
    const [intro] = harness.slack.callsTo("chat.update");
    expect(allTextOf(intro?.args ?? {})).toContain("Captain Odalys Venn");
    expect(greeting.args).toMatchObject({
      thread_ts: thread,
      username: "Captain Odalys Venn",
    });
    // {{user}} is the importer's Slack name.
    expect(allTextOf(greeting.args)).toContain("Welcome aboard the Kestrel, alice.");
    expect([...buttonsOf(greeting.args).keys()]).toEqual(["vs_swipe_back", "vs_swipe_next"]);
    const [listing] = harness.slack.callsTo("files.list");
    expect(listing?.args).toMatchObject({ channel: CHANNEL, user: "U0ALICE" });
    expect(harness.model.requests).toHaveLength(0);
  });

  it("imports a card named by its link, with an avatar given, and posts with that icon", async () => {
    const link = `https://fake-team.slack.com/files/U0ALICE/F0CARD0001/odalys.png`;
    const { greeting } = await importCard(`${link} avatar=https://images.example.test/odalys.png`);
    expect(greeting.args).toMatchObject({
      username: "Captain Odalys Venn",
      icon_url: "https://images.example.test/odalys.png",
    });
  });

  it("refuses a file that is not a card, posting nothing", async () => {
    harness.slack.addFile({
      id: "F0BAD00001",
      name: "notes.json",
      mimetype: "application/json",
      user: "U0ALICE",
      channels: [CHANNEL],
      content: '{"hello": "world"}',
    });
    await harness.command("/persona", "import F0BAD00001");
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(0);
    const [refusal] = await harness.slack.waitForResponses(1);
    expect(JSON.stringify(refusal?.body)).toContain("That character card could not be read");
  });

  it("swipes a reply in place through the tail with one model call; another user's swipe is refused privately", async () => {
    const { thread } = await importCard();
    harness.model.respondWith(() => ({
      content: vsJson([
        ["Fair winds ahead, if the gulls are honest.", 0.3],
        ["We sail at dawn, and not a minute later.", 0.25],
        ["Ask me again after I've had my coffee.", 0.2],
        ["Somewhere with fewer creditors, ideally.", 0.15],
        ["South, where the storms sleep in summer.", 0.1],
      ]),
    }));
    await harness.event({
      text: "Where are we headed?",
      ts: "1800000000.000100",
      threadTs: thread,
    });
    await harness.platform.idle();
    const reply = harness.slack.callsTo("chat.postMessage").at(-1);
    if (!reply) throw new Error("no reply");
    expect(reply.args.username).toBe("Captain Odalys Venn");

    await harness.click(reply, "vs_swipe_next", { user: "U0REED" });
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.update")).toHaveLength(1); // only the intro
    const [refusal] = await harness.slack.waitForResponses(1);
    expect(refusal?.body).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(refusal?.body)).toContain("Only the person whose message");

    const texts = new Set([allTextOf(reply.args).split("\n")[0]]);
    for (let swipe = 0; swipe < 4; swipe++) {
      await harness.click(reply, "vs_swipe_next");
      await harness.platform.idle();
      const edit = harness.slack.callsTo("chat.update").at(-1);
      expect(edit?.args.ts).toBe(reply.response.ts);
      texts.add(allTextOf(edit?.args ?? {}).split("\n")[0]);
    }
    expect(texts.size).toBe(5);
    expect(harness.model.requests).toHaveLength(1);
  });

  it("falls back to a name prefix where Slack refuses a custom name, and remembers it for the workspace", async () => {
    const { thread } = await importCard();
    harness.slack.reset();
    harness.slack.fail("chat.postMessage", "missing_scope", 1);
    await harness.event({ text: "Ahoy!", ts: "1800000000.000200", threadTs: thread });
    await harness.platform.idle();
    const posts = harness.slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[0]?.args.username).toBe("Captain Odalys Venn");
    expect(posts[1]?.args.username).toBeUndefined();
    expect(String(posts[1]?.args.text)).toMatch(/^\*Captain Odalys Venn\*: /);

    await harness.event({ text: "Again!", ts: "1800000000.000300", threadTs: thread });
    await harness.platform.idle();
    const next = harness.slack.callsTo("chat.postMessage");
    expect(next).toHaveLength(3);
    expect(next[2]?.args.username).toBeUndefined();
    expect(String(next[2]?.args.text)).toMatch(/^\*Captain Odalys Venn\*: /);
  });

  it("exports the persona as a V2 JSON file in its thread", async () => {
    const { thread } = await importCard();
    await harness.command("/persona", "export");
    await harness.platform.idle();
    const [upload] = harness.slack.uploads();
    expect(upload).toMatchObject({
      filename: "Captain_Odalys_Venn.json",
      channel: CHANNEL,
      threadTs: thread,
    });
    expect(upload?.content).toContain('"chara_card_v2"');
    expect(upload?.content).toContain("Captain Odalys Venn");
  });
});
