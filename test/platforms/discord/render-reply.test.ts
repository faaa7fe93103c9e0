import { describe, expect, it } from "vitest";
import type { Button, Reply } from "../../../src/app/types.js";
import { renderReply } from "../../../src/platforms/discord/render-reply.js";

function reply(fields: Partial<Reply>): Reply {
  return {
    kind: "answer",
    body: "A joke.",
    buttons: [],
    private: false,
    meta: { modelCalls: 1, store: "memory", model: "fake", demo: false },
    ...fields,
  };
}

function buttons(count: number): Button[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `vs:more:tail${index}`,
    label: `Button ${index}`,
    style: index === 0 ? "primary" : "secondary",
  }));
}

describe("renderReply", () => {
  it("puts the footer under the body as Discord subtext, one line each", () => {
    const [message] = renderReply(reply({ footer: "probability 0.30 · 4 more\nOffline demo" }));
    expect(message?.content).toBe("A joke.\n-# probability 0.30 · 4 more\n-# Offline demo");
    expect(message?.allowed_mentions).toEqual({ parse: [] });
    expect(message?.flags).toBeUndefined();
  });

  it("renders buttons as action rows of at most five, primary and secondary styles", () => {
    const [message] = renderReply(reply({ buttons: buttons(7) }));
    expect(message?.components.map((row) => row.components.length)).toEqual([5, 2]);
    expect(message?.components[0]?.components[0]).toEqual({
      type: 2,
      style: 1,
      label: "Button 0",
      custom_id: "vs:more:tail0",
    });
    expect(message?.components[0]?.components[1]?.style).toBe(2);
  });

  it("splits long bodies and puts the buttons on the last part only", () => {
    const body = Array.from(
      { length: 30 },
      (_, index) => `Paragraph ${index}. ${"word ".repeat(30)}`,
    ).join("\n\n");
    const messages = renderReply(reply({ body, footer: "probability 0.10", buttons: buttons(2) }));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.content.length).toBeLessThanOrEqual(2000);
    expect(messages.slice(0, -1).every((message) => message.components.length === 0)).toBe(true);
    expect(messages.at(-1)?.components).toHaveLength(1);
    expect(messages.at(-1)?.content.endsWith("-# probability 0.10")).toBe(true);
  });

  it("marks every part ephemeral when asked", () => {
    const messages = renderReply(reply({ body: "x ".repeat(1500) }), { ephemeral: true });
    expect(messages.every((message) => message.flags === 64)).toBe(true);
  });
});
