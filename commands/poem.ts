import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

export default defineSampleCommand({
  name: "poem",
  description: "Write a short poem on a theme or from a first line",
  options: z.object({
    theme: userText({ max: 300, label: "theme" })
      .optional()
      .describe("A theme, or a first line to start from"),
  }),
  primary: "theme",
  task: ({ theme }, settings) => ({
    task: "poem",
    instruction: theme
      ? `Write a short poem inspired by this theme or opening line: ${quoteForPrompt(theme)}.`
      : "Write a short poem.",
    subject: theme ?? "",
    guidance:
      "You are a poet. Each response is a complete poem of 4 to 14 lines; put each line on its own line.",
    ...settings,
  }),
  reply: { layout: "single", show: () => 1, moreLabel: "More like this" },
});
