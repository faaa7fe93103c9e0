import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

export default defineSampleCommand({
  name: "ask",
  description: "Ask an open question that has many good answers",
  options: z.object({
    question: userText({ max: 500, min: 1, label: "question" }).describe("Your question"),
  }),
  primary: "question",
  defaults: { k: 10 },
  task: ({ question }, settings) => ({
    task: "ask",
    instruction: `Answer this question: ${quoteForPrompt(question)}`,
    subject: question,
    guidance:
      "You answer open-ended questions. Each response is one valid, direct answer of one to three sentences; different responses give genuinely different answers.",
    ...settings,
  }),
  reply: { layout: "single", show: () => 1, moreLabel: "More like this" },
});
