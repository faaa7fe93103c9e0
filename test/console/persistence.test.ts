import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI, vsJson } from "../fakes/fake-openai-server.js";
import {
  ConsoleProcess,
  click,
  command,
  consoleModelEnv,
  moreButton,
} from "../helpers/console-process.js";
import { freshJokes, promptText } from "../helpers/engine-harness.js";
import { deleteRedisKeys, probeRedis, REDIS_URL, uniqueNamespace } from "../store/helpers.js";

const redisAvailable = await probeRedis();
const redisSkip = redisAvailable ? "" : ` (skipped: no Redis answers at ${REDIS_URL})`;
/** Every process of this run shares one namespace no other run uses, deleted at the end. */
const namespace = uniqueNamespace("persistence");
const folders: string[] = [];

afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  if (redisAvailable) await deleteRedisKeys(`${namespace}:`);
});

/**
 * Each test has a fake model and processes of its own (on its own files, channels and keys),
 * so the tests run at once: most of their time is processes starting.
 */
interface Run {
  readonly fake: FakeOpenAI;
  start(storeUrl: string, cwd: string): ConsoleProcess;
}

async function withOwnModel(test: (run: Run) => Promise<void>): Promise<void> {
  const fake = await startFakeOpenAI();
  const started: ConsoleProcess[] = [];
  try {
    await test({
      fake,
      start(storeUrl, cwd) {
        const vsbot = new ConsoleProcess(
          consoleModelEnv(fake, { VSBOT_STORE_URL: storeUrl, VSBOT_STORE_NAMESPACE: namespace }),
          { cwd },
        );
        started.push(vsbot);
        return vsbot;
      },
    });
  } finally {
    for (const vsbot of started) vsbot.child.kill();
    await fake.close();
  }
}

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "vsbot-persist-"));
  folders.push(folder);
  return folder;
}

/** Persona replies echo a turn number, so each turn is identifiable in later prompts. */
function numberedReplies(fake: FakeOpenAI): void {
  let turn = 0;
  fake.respondWith(() => {
    turn += 1;
    return { content: vsJson([[`Captain's answer number ${turn}.`, 1]]) };
  });
}

async function personaSurvivesRestart(
  { fake, start }: Run,
  storeUrl: string,
  channel: string,
): Promise<void> {
  const folder = temporaryFolder();
  numberedReplies(fake);
  const first = start(storeUrl, folder);
  const say = (vsbot: ConsoleProcess, text: string) =>
    vsbot.send({ type: "message", user: "u1", userName: "Ada", channel, text });
  await first.send(
    command(
      "persona",
      { description: "a retired sea captain", name: "Reed" },
      { subcommand: "start", channel },
    ),
  );
  for (const text of ["First question?", "Second question?", "Third question?"]) {
    expect((await say(first, text)).type).toBe("reply");
  }
  expect(await first.end()).toBe(0);

  const second = start(storeUrl, folder);
  const fourth = await say(second, "Fourth question?");
  expect(fourth.type).toBe("reply");
  const prompt = promptText(fake.requests.at(-1));
  expect(prompt).toContain("a retired sea captain");
  for (const text of [
    "First question?",
    "Second question?",
    "Third question?",
    "Fourth question?",
  ]) {
    expect(prompt).toContain(`Ada: ${text}`);
  }
  for (const turn of [1, 2, 3]) expect(prompt).toContain(`Reed: Captain's answer number ${turn}.`);
  await second.send(command("persona", {}, { subcommand: "end", channel }));
  expect(await second.end()).toBe(0);
}

describe.concurrent("state that survives a restart", () => {
  it("keeps a persona and its three turns across processes on one sqlite file", async () => {
    await withOwnModel((run) =>
      personaSurvivesRestart(run, "sqlite://./state/vsbot.sqlite", "c-sqlite"),
    );
  });

  it.runIf(redisAvailable)(
    `keeps a persona and its three turns across processes on Redis${redisSkip}`,
    async () => {
      await withOwnModel((run) =>
        personaSurvivesRestart(
          run,
          REDIS_URL,
          `c-redis-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        ),
      );
    },
  );

  it("keeps a More like this button working after a restart on sqlite", () =>
    withOwnModel(async ({ fake, start }) => {
      const folder = temporaryFolder();
      fake.respondWith(freshJokes());
      const first = start("sqlite://./vsbot.sqlite", folder);
      const joke = await first.send(command("joke", { topic: "ships" }));
      expect(await first.end()).toBe(0);
      const second = start("sqlite://./vsbot.sqlite", folder);
      const next = await second.send(click(moreButton(joke)));
      expect(next).toMatchObject({ type: "reply", meta: { modelCalls: 0, store: "sqlite" } });
      expect(next.text).not.toBe(joke.text);
    }));
});

describe.runIf(redisAvailable).concurrent(`two vsbot processes on one Redis${redisSkip}`, () => {
  it("serves a button made by process A from process B", () =>
    withOwnModel(async ({ fake, start }) => {
      fake.respondWith(freshJokes());
      const channel = `c-ab-${Date.now()}`;
      const processA = start(REDIS_URL, temporaryFolder());
      const processB = start(REDIS_URL, temporaryFolder());
      const joke = await processA.send(command("joke", { topic: "bridges" }, { channel }));
      const next = await processB.send(click(moreButton(joke), { channel }));
      expect(next).toMatchObject({ type: "reply", meta: { modelCalls: 0, store: "redis" } });
      expect(next.text).not.toBe(joke.text);
    }));

  it("hands each candidate to at most one of 50 concurrent clicks across both, losing none", () =>
    withOwnModel(async ({ fake, start }) => {
      fake.respondWith(freshJokes(20));
      const channel = `c-race-${Date.now()}`;
      const processA = start(REDIS_URL, temporaryFolder());
      const processB = start(REDIS_URL, temporaryFolder());
      await processA.send(command("vs", { k: 20 }, { subcommand: "settings", channel }));
      const joke = await processA.send(command("joke", { topic: "races" }, { channel }));
      const id = moreButton(joke);
      const clicks = Array.from({ length: 25 }, () => click(id, { channel }));
      const [fromA, fromB] = await Promise.all([
        processA.sendAll(clicks),
        processB.sendAll(clicks),
      ]);
      const replies = [...fromA, ...fromB];
      expect(replies.every((reply) => reply.type === "reply")).toBe(true);
      const texts = [joke.text, ...replies.map((reply) => reply.text)];
      expect(new Set(texts).size).toBe(51);

      const allId = joke.buttons?.find((button) => button.id.startsWith("vs:all:"))?.id ?? "";
      const chart = await processB.send(click(allId, { channel }));
      const candidates = (chart.meta?.candidates ?? []) as { text: string; shown: boolean }[];
      const shown = candidates
        .filter((candidate) => candidate.shown)
        .map((candidate) => candidate.text);
      expect(shown.sort()).toEqual([...texts].map(String).sort());
      expect(fake.requests.length).toBe(1 + Math.ceil((50 - 19) / 20));
    }));
});
