import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allTextOf } from "../../fakes/fake-slack-requests.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

describe("Slack: /vs settings", () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackHarness({
      users: [
        { id: "U0ALICE", name: "alice" },
        { id: "U0ADMIN", name: "ada", isAdmin: true },
      ],
    });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("shows the settings privately to anyone, without looking the user up", async () => {
    await harness.command("/vs", "settings");
    const [shown] = await harness.slack.waitForResponses(1);
    expect(shown?.body.response_type).toBe("ephemeral");
    expect(allTextOf(shown?.body ?? {})).toContain("method=vs-standard, k=5");
    expect(harness.slack.callsTo("users.info")).toEqual([]);
  });

  it("refuses a change from a member who is not a workspace admin or owner", async () => {
    await harness.command("/vs", "settings k=3", { user: "U0ALICE" });
    const [refused] = await harness.slack.waitForResponses(1);
    expect(refused?.body.response_type).toBe("ephemeral");
    expect(allTextOf(refused?.body ?? {})).toContain("Only members who can manage");
    expect(harness.slack.callsTo("users.info")[0]?.args.user).toBe("U0ALICE");
  });

  it("applies a change from a workspace admin and says so in the channel", async () => {
    await harness.command("/vs", "settings k=3", { user: "U0ADMIN" });
    const [posted] = await harness.slack.waitForCalls("chat.postMessage", 1);
    expect(allTextOf(posted?.args ?? {})).toContain("Updated the channel settings.");
    expect(allTextOf(posted?.args ?? {})).toContain("k=3");
  });
});
