import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText, wholeNumber } from "../src/command-kit/options.js";

const MAX_K = 20;

export default defineSampleCommand({
  name: "brainstorm",
  description: "Brainstorm distinct ideas on a topic; click for more",
  options: z.object({
    topic: userText({ max: 300, min: 1, label: "topic" }).describe("What to brainstorm about"),
    count: wholeNumber("count", 1, 10).default(5).describe("Ideas per message (1-10)"),
  }),
  primary: "topic",
  task: ({ topic, count }, settings) => ({
    task: "brainstorm",
    instruction: `Brainstorm ideas for this topic: ${quoteForPrompt(topic)}`,
    subject: topic,
    guidance:
      "You are a brainstorming partner for a team. Each response is one distinct, concrete idea in one or two sentences, starting with a short title.",
    ...settings,
    k: Math.min(MAX_K, Math.max(settings.k, count * 2)),
  }),
  reply: { layout: "list", show: ({ count }) => count, moreLabel: "More ideas" },
});
