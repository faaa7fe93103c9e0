import { describe, expect, it } from "vitest";
import { checkParsedBody, checkSlackBody } from "../../../src/platforms/slack/payload-schemas.js";
import {
  assistantThreadStartedPayload,
  buttonClickPayload,
  eventCallbackPayload,
} from "../../fakes/fake-slack-requests.js";

const FORM = "application/x-www-form-urlencoded";

function forwarded(verdict: ReturnType<typeof checkSlackBody>): Record<string, unknown> {
  if (verdict.kind !== "bolt") throw new Error(`expected a body for Bolt, got ${verdict.kind}`);
  const text =
    verdict.contentType === FORM
      ? (new URLSearchParams(verdict.body).get("payload") ?? "")
      : verdict.body;
  return JSON.parse(text) as Record<string, unknown>;
}

describe("Slack bodies checked before Bolt sees them", () => {
  it("hands Bolt a click whose channel is null without one, which Bolt would read as an object", () => {
    const click = {
      ...buttonClickPayload({
        actionId: "vs_more",
        value: "vs:more:AAAAAAAAAAAA",
        messageTs: "1700000000.000100",
        responseUrl: "https://hooks.example/1",
      }),
      channel: null,
    };
    const body = forwarded(
      checkSlackBody(FORM, `payload=${encodeURIComponent(JSON.stringify(click))}`),
    );
    expect("channel" in body).toBe(false);
    expect(body.container).toMatchObject({ channel_id: "C0GENERAL" });
  });

  it("passes assistant thread events with only the fields read, and refuses broken ones", () => {
    const started = assistantThreadStartedPayload({
      channel: "D0ALICE",
      threadTs: "1700000000.000200",
    });
    const event = forwarded(checkParsedBody({ ...started, extra: "dropped" })).event;
    expect(event).toEqual({
      type: "assistant_thread_started",
      assistant_thread: {
        user_id: "U0ALICE",
        channel_id: "D0ALICE",
        thread_ts: "1700000000.000200",
        context: { channel_id: "C0GENERAL", team_id: "T0FAKE", enterprise_id: null },
      },
      event_ts: "1700000000.000200",
    });
    const broken = {
      ...started,
      event: { type: "assistant_thread_started", assistant_thread: null },
    };
    expect(checkParsedBody(broken)).toMatchObject({ kind: "invalid" });
  });

  it("passes DM messages with their channel type, and drops event types vsbot does not handle", () => {
    const direct = eventCallbackPayload({
      channel: "D0ALICE",
      text: "hi",
      ts: "1700000000.000300",
    });
    expect(forwarded(checkParsedBody(direct)).event).toMatchObject({ channel_type: "im" });
    expect(checkParsedBody({ ...direct, event: { type: "reaction_added" } })).toEqual({
      kind: "ignore",
    });
  });
});
