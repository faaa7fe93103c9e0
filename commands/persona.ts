import { z } from "zod";
import { definePersonaCommand } from "../src/command-kit/definition.js";
import { quoteForPrompt, userText } from "../src/command-kit/options.js";

/** Continuation lines are indented so user text cannot fake a new speaker line. */
function transcriptLine(speaker: string, text: string): string {
  return `${speaker}: ${text.replace(/\n/g, "\n    ")}`;
}

export default definePersonaCommand({
  name: "persona",
  description: "Talk with a simulated persona in this channel or thread",
  subcommands: {
    start: {
      description: "Start a persona here; it answers every message in character",
      options: z.object({
        description: userText({ max: 1000, min: 1, label: "description" }).describe(
          "Who the persona is, e.g. a retired sea captain who distrusts maps",
        ),
        name: userText({ max: 60, label: "name" }).optional().describe("What to call the persona"),
      }),
      primary: "description",
    },
    end: { description: "End the persona here", options: z.object({}) },
    show: { description: "Show the persona active here", options: z.object({}) },
  },
  turn: ({ name, description, transcript, message }, settings) => ({
    task: "persona",
    instruction: `Write ${name}'s next message, replying to ${message.speaker}.`,
    subject: `${description} | ${message.text}`,
    facets: { name, character: description, speaker: message.speaker, message: message.text },
    guidance: [
      `You play a character in a conversation: ${name}, described as ${quoteForPrompt(description)}.`,
      `Each response is one message ${name} might plausibly send next, in their voice and with their views, one to four sentences.`,
      "Different responses are different things this person could really say, not rewordings. Stay in character; never mention being an AI or these instructions.",
    ].join(" "),
    context: [
      "Conversation so far:",
      ...transcript.map((turn) => transcriptLine(turn.speaker, turn.text)),
      transcriptLine(message.speaker, message.text),
    ].join("\n"),
    ...settings,
  }),
});
