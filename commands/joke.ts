import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

export default defineSampleCommand({
  name: "joke",
  description: "Tell a joke, sampled from a spread of candidates",
  options: z.object({
    topic: userText({ max: 200, label: "topic" }).optional().describe("What the joke is about"),
  }),
  primary: "topic",
  task: ({ topic }, settings) => ({
    task: "joke",
    instruction: topic ? `Tell me a joke about ${quoteForPrompt(topic)}.` : "Tell me a joke.",
    subject: topic ?? "",
    guidance:
      "You are a comedy writer. Each response is one complete, self-contained joke of at most a few lines, fit for a general audience.",
    ...settings,
  }),
  reply: { layout: "single", show: () => 1, moreLabel: "More like this" },
});
