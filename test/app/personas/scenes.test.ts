import { afterEach, describe, expect, it } from "vitest";
import type { Inbound, Origin, Reply } from "../../../src/app/types.js";
import type { RecordedRequest } from "../../fakes/fake-openai-server.js";
import { madeUpWords } from "../../helpers/distinct-text.js";
import { type ChatHarness, discordOrigin, startChatHarness } from "../chat-harness.js";

let harness: ChatHarness;
let opened: ChatHarness | undefined;

afterEach(async () => {
  // Closed once, by the test that opened it (the demo test opens its own runtime).
  const current = opened;
  opened = undefined;
  await current?.runtime.chat.scenesSettled();
  await current?.close();
});

/** A thread with a persona of its own; the starter may change it. */
const origin: Origin = discordOrigin({ channel: "t1", parentChannel: "c1", canManage: true });

function persona(subcommand: string, options: Record<string, unknown>, from = origin): Inbound {
  return { type: "command", origin: from, name: "persona", subcommand, options };
}

/** A model that writes a scene moving on: each call new lines, with words of their own. */
function movingScene(speakers: readonly string[]) {
  let call = 0;
  return (_request: RecordedRequest) => {
    call += 1;
    const round = call;
    const responses = [0, 1, 2].map((index) => ({
      speaker: speakers[(round + index) % speakers.length],
      text: `${madeUpWords(round * 100 + index)}?`,
      probability: [0.5, 0.3, 0.2][index],
    }));
    return { content: JSON.stringify({ responses }) };
  };
}

/** Collects what the scene posts, as a platform would. */
function collect(): { posted: Reply[]; done: Promise<void> } {
  const posted: Reply[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  harness.runtime.chat.setSceneOutlet("discord", async (_origin, replies) => {
    posted.push(...replies);
    if (
      replies.some((reply) => reply.kind === "info" && /scene (stops|stopped)/.test(reply.body))
    ) {
      finish();
    }
  });
  return { posted, done };
}

async function twoPersonas(env: Record<string, string> = {}): Promise<void> {
  harness = await startChatHarness({ VSBOT_SCENE_PAUSE: "0", ...env });
  opened = harness;
  await harness.send(persona("start", { name: "Captain Reed", description: "a sea captain" }));
  const added = await harness.send(
    persona("scene", { action: "add", name: "Mira", description: "a young navigator" }),
  );
  expect(JSON.stringify(added)).toContain("**Mira** joins **Captain Reed**");
}

describe("scenes", () => {
  it("runs a two-persona scene 10 lines unattended, one VS call each choosing speaker and line, and stops by itself", async () => {
    await twoPersonas();
    harness.model.respondWith(movingScene(["Captain Reed", "Mira"]));
    const { posted, done } = collect();
    const started = await harness.send(persona("scene", { action: "start", topic: "a storm" }));
    expect(JSON.stringify(started)).toContain("for up to 10 lines");
    await done;
    const lines = posted.filter((reply) => reply.voice);
    expect(lines).toHaveLength(10);
    expect(harness.model.requests).toHaveLength(10);
    expect(new Set(lines.map((line) => line.voice?.name))).toEqual(
      new Set(["Captain Reed", "Mira"]),
    );
    expect(lines.every((line) => line.buttons.length === 0)).toBe(true);
    expect(posted.at(-1)?.body).toContain(
      "stops by itself after 10 lines: it reached its turn limit",
    );
    // Every call offers the cast as the speakers to choose from.
    const format = harness.model.requests[0]?.body.response_format as {
      json_schema: { schema: { properties: { responses: { items: unknown } } } };
    };
    expect(format.json_schema.schema.properties.responses.items).toMatchObject({
      properties: { speaker: { enum: ["Captain Reed", "Mira"] } },
    });
    // The scene enters the persona's memory: later lines see the earlier ones.
    const lastPrompt = JSON.stringify(harness.model.requests[9]?.body.messages);
    expect(lastPrompt).toContain(lines[0]?.body ?? "missing");
    expect(lastPrompt).toContain("a storm");
    // Stopped means stopped: no further calls.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.model.requests).toHaveLength(10);
  });

  it("stops early when the scene repeats itself, without posting the repeat", async () => {
    await twoPersonas();
    harness.model.respondWith(() => ({
      content: JSON.stringify({
        responses: [
          { speaker: "Mira", text: "We should turn back before the storm.", probability: 1 },
        ],
      }),
    }));
    const { posted, done } = collect();
    await harness.send(persona("scene", { action: "start" }));
    await done;
    expect(posted.filter((reply) => reply.voice)).toHaveLength(1);
    expect(posted.at(-1)?.body).toContain("after 1 lines: it began repeating itself");
    expect(harness.model.requests).toHaveLength(2);
  });

  it("stops when asked, mid-run", async () => {
    await twoPersonas({ VSBOT_SCENE_PAUSE: "150ms" });
    harness.model.respondWith(movingScene(["Captain Reed", "Mira"]));
    const { posted } = collect();
    await harness.send(persona("scene", { action: "start" }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await harness.send(persona("scene", { action: "stop" }));
    expect(JSON.stringify(stopped)).toMatch(/The scene stops after \d+ lines/);
    await harness.runtime.chat.scenesSettled();
    const calls = harness.model.requests.length;
    expect(calls).toBeLessThan(10);
    expect(posted.filter((reply) => reply.voice).length).toBeLessThanOrEqual(calls);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.model.requests).toHaveLength(calls);
  });

  it("holds at most VSBOT_SCENE_MAX personas and refuses scenes it cannot run, changing nothing", async () => {
    await twoPersonas({ VSBOT_SCENE_MAX: "3" });
    const third = await harness.send(
      persona("scene", { action: "add", name: "Tobias", description: "a cook" }),
    );
    expect(JSON.stringify(third)).toContain("**Tobias** joins");
    const fourth = await harness.send(
      persona("scene", { action: "add", name: "Wren", description: "a stowaway" }),
    );
    expect(fourth).toMatchObject({ code: "invalid_input" });
    expect(JSON.stringify(fourth)).toContain("at most 3 personas");
    const again = await harness.send(
      persona("scene", { action: "add", name: "mira", description: "another Mira" }),
    );
    expect(JSON.stringify(again)).toContain("in this scene already");
    // No platform outlet registered yet: nothing could post unattended lines.
    const nowhere = await harness.send(persona("scene", { action: "start" }));
    expect(JSON.stringify(nowhere)).toContain("cannot post on its own");
    collect();
    const tooLong = await harness.send(persona("scene", { action: "start", turns: 500 }));
    expect(JSON.stringify(tooLong)).toContain("at most 10 lines");
    const shown = await harness.send(persona("scene", { action: "show" }));
    expect(JSON.stringify(shown)).toContain("**Captain Reed**, **Mira**, **Tobias** (not running");
    expect(harness.model.requests).toHaveLength(0);
  });

  it("needs a second persona, and only the starter or a moderator adds one", async () => {
    harness = await startChatHarness({ VSBOT_SCENE_PAUSE: "0" });
    opened = harness;
    collect();
    await harness.send(persona("start", { name: "Captain Reed", description: "a sea captain" }));
    const alone = await harness.send(persona("scene", { action: "start" }));
    expect(JSON.stringify(alone)).toContain("needs at least two personas");
    const stranger = discordOrigin({ user: "200", channel: "t1", parentChannel: "c1" });
    const refused = await harness.send(
      persona("scene", { action: "add", name: "Mira", description: "a navigator" }, stranger),
    );
    expect(refused).toMatchObject({ code: "invalid_input" });
    expect(harness.model.requests).toHaveLength(0);
  });
});

describe("scenes with the offline demo model", () => {
  it("run too: the demo leads each line with a speaker of the cast", async () => {
    const { createRuntime } = await import("../../../src/runtime/runtime.js");
    const { loadConfig } = await import("../../../src/config/index.js");
    const runtime = await createRuntime(
      loadConfig({
        VSBOT_STORE_URL: "memory://",
        VSBOT_LOG_LEVEL: "silent",
        VSBOT_SCENE_PAUSE: "0",
        VSBOT_SCENE_TURNS: "3",
      }),
    );
    try {
      expect(runtime.demo).toBe(true);
      const posted: Reply[] = [];
      runtime.chat.setSceneOutlet("discord", async (_origin, replies) => {
        posted.push(...replies);
      });
      await runtime.chat.handle(
        persona("start", { name: "Captain Reed", description: "a captain" }),
      );
      await runtime.chat.handle(
        persona("scene", { action: "add", name: "Mira", description: "a navigator" }),
      );
      await runtime.chat.handle(persona("scene", { action: "start", topic: "the fog" }));
      await runtime.chat.scenesSettled();
      const lines = posted.filter((reply) => reply.voice);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(["Captain Reed", "Mira"]).toContain(line.voice?.name);
      expect(posted.at(-1)?.body).toContain("stops by itself");
    } finally {
      await runtime.close();
    }
  });
});
