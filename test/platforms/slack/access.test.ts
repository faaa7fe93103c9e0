import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allTextOf } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

describe("Slack: access lists and /vs usage", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness({
      env: { VSBOT_BLOCKED_USERS: "U0MALLORY" },
      users: [
        { id: "U0ALICE", name: "alice" },
        { id: "U0ADMIN", name: "ada", isAdmin: true },
      ],
    });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("refuses a blocked user privately, with no model call", async () => {
    await harness.command("/joke", "tea", { user: "U0MALLORY" });
    const [refused] = await harness.slack.waitForResponses(1);
    expect(refused?.body.response_type).toBe("ephemeral");
    expect(allTextOf(refused?.body ?? {})).toContain("Sorry, you can't use vsbot here.");
    expect(harness.slack.callsTo("chat.postMessage")).toEqual([]);
    expect(harness.model.requests).toHaveLength(0);
  });

  it("shows usage privately to a workspace admin and refuses it to a member", async () => {
    await harness.command("/joke", "tea", { user: "U0ALICE" });
    await harness.slack.waitForCalls("chat.postMessage", 1);
    await harness.command("/vs", "usage", { user: "U0ALICE" });
    const [refused] = await harness.slack.waitForResponses(1);
    expect(allTextOf(refused?.body ?? {})).toContain("Only members who can manage this server");
    await harness.command("/vs", "usage", { user: "U0ADMIN" });
    const shown = (await harness.slack.waitForResponses(2))[1];
    expect(shown?.body.response_type).toBe("ephemeral");
    expect(allTextOf(shown?.body ?? {})).toContain("Today: 1 model call,");
  });
});
