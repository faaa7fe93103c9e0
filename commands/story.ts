import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

export default defineSampleCommand({
  name: "story",
  description: "Write a very short story from a premise",
  options: z.object({
    premise: userText({ max: 500, label: "premise" })
      .optional()
      .describe("What happens, or how it begins"),
    genre: userText({ max: 60, label: "genre" }).optional().describe("e.g. fantasy, noir, comedy"),
  }),
  primary: "premise",
  task: ({ premise, genre }, settings) => {
    const about = premise ? ` from this premise: ${quoteForPrompt(premise)}` : "";
    const kind = genre ? ` in the genre ${quoteForPrompt(genre)}` : "";
    return {
      task: "story",
      instruction: `Write a very short story${kind}${about}.`,
      subject: [premise, genre].filter(Boolean).join(" / "),
      guidance:
        "You are a fiction writer. Each response is a complete story of 80 to 250 words with a beginning, a turn and an ending. Use paragraphs.",
      ...settings,
    };
  },
  reply: { layout: "single", show: () => 1, moreLabel: "More like this" },
});
