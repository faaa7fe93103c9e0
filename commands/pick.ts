import { z } from "zod";
import { defineSampleCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

/**
 * Random generation, as in the paper's dice and "name a US state" tasks: the model states a
 * distribution over the options, one is drawn by weight, and each click is another pick.
 * Picks are independent draws, so an option may come up again.
 */
export default defineSampleCommand({
  name: "pick",
  description: "Pick at random: one of a list, a number in a range, a US state...",
  options: z.object({
    from: userText({ max: 500, min: 1, label: "what to pick from" }).describe(
      'What to pick from, e.g. "pizza, sushi, tacos", "a number from 1 to 20", "a US state"',
    ),
  }),
  primary: "from",
  defaults: { k: 10 },
  task: ({ from }, settings) => ({
    task: "pick",
    instruction: `Pick one at random: ${quoteForPrompt(from)}.`,
    subject: from,
    guidance:
      "You make random choices, as a fair draw would. Each response is one option only, as plainly as possible (a name, a word or a number, with no sentence around it); different responses are different options.",
    ...settings,
    draws: "independent",
  }),
  reply: { layout: "pick", show: () => 1, moreLabel: "More like this" },
});
