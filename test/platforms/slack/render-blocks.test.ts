import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/app/types.js";
import { renderReply } from "../../../src/platforms/slack/render-blocks.js";

function reply(fields: Partial<Reply>): Reply {
  return {
    kind: "answer",
    body: "An answer",
    footer: "probability 0.30 · 4 more in the tail",
    buttons: [
      { id: "vs:more:abc123", label: "More like this", style: "primary" },
      { id: "vs:all:abc123", label: "Show all", style: "secondary" },
    ],
    private: false,
    meta: { modelCalls: 1, store: "memory", model: "fake", demo: false },
    ...fields,
  };
}

describe("renderReply", () => {
  it("renders the answer as a section, the footer as context and the buttons with unique action_ids", () => {
    const [message] = renderReply(reply({}), { preface: "alice used */joke*" });
    expect(message?.blocks).toEqual([
      { type: "context", elements: [{ type: "mrkdwn", text: "alice used */joke*" }] },
      { type: "section", text: { type: "mrkdwn", text: "An answer" } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "probability 0.30 · 4 more in the tail" }],
      },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "vs_more",
            text: { type: "plain_text", text: "More like this", emoji: true },
            value: "vs:more:abc123",
            style: "primary",
          },
          {
            type: "button",
            action_id: "vs_all",
            text: { type: "plain_text", text: "Show all", emoji: true },
            value: "vs:all:abc123",
          },
        ],
      },
    ]);
    expect(message?.text).toBe("An answer");
  });

  it("escapes the fallback text and the footer too", () => {
    const [message] = renderReply(reply({ body: "<!channel> hi", footer: "<@U1> & co" }));
    expect(JSON.stringify(message)).not.toContain("<!channel>");
    expect(JSON.stringify(message)).not.toContain("<@U1>");
  });

  it("never sends an empty section", () => {
    const [message] = renderReply(reply({ body: "   " }));
    expect(message?.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "_(nothing to show)_" },
    });
  });

  it("keeps messages under 50 blocks even for very many short sections", () => {
    const body = Array.from({ length: 400 }, (_, index) => `${index}. ${"x".repeat(2990)}`).join(
      "\n\n",
    );
    const messages = renderReply(reply({ body }));
    for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
