import { z } from "zod";
import { defineSettingsCommand } from "../src/command-kit/definition.js";
import { flag, wholeNumber } from "../src/command-kit/options.js";
import { METHODS, PROBABILITY_WORDINGS } from "../src/engine/types.js";

export default defineSettingsCommand({
  name: "vs",
  description: "Verbalized Sampling settings for this channel",
  subcommands: {
    settings: {
      description: "Show or change k, tau, method and model here (changing needs Manage Channel)",
      options: z.object({
        k: wholeNumber("k", 1, 20).optional().describe("Candidates per model call (1-20)"),
        tau: z.coerce
          .number({ message: "tau must be a number above 0 and at most 1" })
          .gt(0, "tau must be a number above 0 and at most 1")
          .max(1, "tau must be a number above 0 and at most 1")
          .optional()
          .describe('Tail threshold for "more" (0-1, e.g. 0.1)'),
        method: z
          .enum(METHODS, { message: `method must be one of ${METHODS.join(", ")}` })
          .optional()
          .describe("Generation method"),
        wording: z
          .enum(PROBABILITY_WORDINGS, {
            message: `wording must be one of ${PROBABILITY_WORDINGS.join(", ")}`,
          })
          .optional()
          .describe("How the prompt asks for probabilities"),
        model: z
          .string()
          .trim()
          .min(1, "model must be a model name")
          .max(200, "model must be at most 200 characters")
          .optional()
          .describe("Model for this channel or server (one of VSBOT_MODELS)"),
        scope: z
          .enum(["channel", "server"], { message: 'scope must be "channel" or "server"' })
          .default("channel")
          .describe("Apply to this channel or the whole server"),
        reset: flag("reset").default(false).describe("Forget the settings at this scope"),
      }),
    },
    usage: {
      description:
        "Model calls, tokens and answers here today and over 7 days (needs Manage Server)",
      options: z.object({}),
    },
  },
});
