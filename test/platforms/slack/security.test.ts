import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vsJson } from "../../fakes/fake-openai-server.js";
import {
  allTextOf,
  buttonClickRequest,
  buttonsOf,
  postToApp,
  sectionTexts,
  slashCommandRequest,
} from "../../fakes/fake-slack-requests.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "./slack-harness.js";

const MENTIONS = "Hey <!channel> and <!here>, ask <@U123> or <!subteam^S0DEVS|@devs> & <!everyone>";

describe("Slack: signatures, escaping and retries", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("rejects a request with a bad signature with 401 and posts nothing", async () => {
    const request = slashCommandRequest({
      command: "/joke",
      responseUrl: harness.slack.responseUrl("bad"),
    });
    const forged = await postToApp(harness.eventsUrl, request, {
      secret: SIGNING_SECRET,
      signature: `v0=${"0".repeat(64)}`,
    });
    const wrongSecret = await postToApp(harness.eventsUrl, request, { secret: "not-the-secret" });
    await harness.platform.idle();

    expect(forged.status).toBe(401);
    expect(wrongSecret.status).toBe(401);
    expect(harness.slack.calls.filter((call) => call.method.startsWith("chat."))).toEqual([]);
    expect(harness.slack.responses).toEqual([]);
    expect(harness.model.requests).toEqual([]);
  });

  it("rejects a correctly signed request whose timestamp is over five minutes old", async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await harness.command("/joke", "", { timestamp: now - 6 * 60 });
    await harness.platform.idle();
    expect(stale.status).toBe(401);
    expect(harness.slack.callsTo("chat.postMessage")).toEqual([]);

    const recent = await harness.command("/joke", "", { timestamp: now - 4 * 60 });
    expect(recent.status).toBe(200);
    await harness.slack.waitForCalls("chat.postMessage", 1);
  });

  it("escapes <!channel>, <@U123> and every other mention in model output before it reaches Slack", async () => {
    harness.model.enqueue({
      content: vsJson([
        // Different enough that the duplicate guard keeps all five (ROUGE-L below 0.7).
        [`${MENTIONS}: the lighthouse keeper counted seventeen gulls before breakfast today`, 0.3],
        [
          `${MENTIONS}: a tortoise won the village marathon by refusing to stop for sandwiches`,
          0.25,
        ],
        [`${MENTIONS}: my umbrella filed for divorce after one particularly windy Tuesday`, 0.2],
        [`${MENTIONS}: the oldest sourdough starter in town now has a passport`, 0.15],
        [`${MENTIONS}: an astronaut ordered pizza to orbit and tipped in moon rocks`, 0.1],
      ]),
    });
    await harness.command("/joke", "<!channel> please");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer");
    await harness.click(answer, "vs_more");
    const posts = await harness.slack.waitForCalls("chat.postMessage", 2);

    for (const post of posts) {
      const body = sectionTexts(post.args).join("\n");
      expect(body).toContain("&lt;!channel&gt;");
      expect(body).toContain("&lt;@U123&gt;");
      expect(body).toContain("&lt;!subteam^S0DEVS|@devs&gt; &amp; &lt;!everyone&gt;");
      const everything = allTextOf(post.args);
      for (const raw of ["<!channel>", "<!here>", "<@U123>", "<!subteam^", "<!everyone>"]) {
        expect(everything).not.toContain(raw);
      }
    }
  });

  it("answers a slash command once when Slack delivers it again with X-Slack-Retry-Num and the same trigger_id", async () => {
    const [first, retry] = await Promise.all([
      harness.command("/joke", "penguins", { triggerId: "1111.2222.retried" }),
      harness.command("/joke", "penguins", { triggerId: "1111.2222.retried", retryNum: 1 }),
    ]);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await harness.platform.idle();

    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(harness.model.requests).toHaveLength(1);

    await harness.command("/joke", "penguins");
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("answers a button click once when Slack delivers the same click twice", async () => {
    await harness.command("/joke");
    const [answer] = await harness.slack.waitForCalls("chat.postMessage", 1);
    if (!answer) throw new Error("no answer");
    const request = buttonClickRequest({
      actionId: "vs_more",
      value: buttonsOf(answer.args).get("vs_more") ?? "",
      messageTs: String(answer.response.ts),
      responseUrl: harness.slack.responseUrl("click"),
      triggerId: "3333.4444.clicked",
    });
    const results = await Promise.all([
      postToApp(harness.eventsUrl, request, { secret: SIGNING_SECRET }),
      postToApp(harness.eventsUrl, request, { secret: SIGNING_SECRET, retryNum: 1 }),
    ]);
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    await harness.platform.idle();
    expect(harness.slack.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("keeps the dedupe marks in the runtime's state store under dedupe:slack:", async () => {
    const { triggerId } = await harness.command("/joke");
    await harness.platform.idle();
    expect(await harness.runtime.store.get(`dedupe:slack:command:T0FAKE:${triggerId}`)).toBe(1);
  });
});
