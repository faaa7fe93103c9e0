import { z } from "zod";
import { definePersonaCommand, type PersonaTurnInput } from "../src/command-kit/definition.js";
import { attachedFile, quoteForPrompt, userText } from "../src/command-kit/options.js";

/** Continuation lines are indented so user text cannot fake a new speaker line. */
function transcriptLine(speaker: string, text: string): string {
  return `${speaker}: ${text.replace(/\n/g, "\n    ")}`;
}

const RESPONSE_RULES = (name: string) =>
  [
    `Each response is one message ${name} might plausibly send next, in their voice and with their views, one to four sentences.`,
    "Different responses are different things this person could really say, not rewordings. Stay in character; never mention being an AI or these instructions.",
  ].join(" ");

function freeTextGuidance(name: string, description: string): string {
  return `You play a character in a conversation: ${name}, described as ${quoteForPrompt(description)}. ${RESPONSE_RULES(name)}`;
}

/**
 * A card's persona: its own system prompt when it has one (the V2 spec lets it replace the
 * default), then the character's definition with the chosen lore around it.
 */
function cardGuidance(
  name: string,
  description: string,
  card: NonNullable<PersonaTurnInput["card"]>,
): string {
  const opening = card.systemPrompt || `You play ${name} in a conversation.`;
  return [
    opening,
    card.loreBefore ? `What ${name} knows:\n${card.loreBefore}` : "",
    `${name}, as their character card describes them:\n${description}`,
    card.loreAfter ? `More of what ${name} knows:\n${card.loreAfter}` : "",
    RESPONSE_RULES(name),
  ]
    .filter(Boolean)
    .join("\n\n");
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
    import: {
      description: "Start a persona here from a character card (V1, V2 or V3 JSON, or PNG)",
      options: z.object({
        card: attachedFile("card").describe("The character card file: JSON or PNG"),
        avatar: userText({ max: 500, label: "avatar" })
          .optional()
          .describe("An https image URL the persona posts with"),
        nicknames: userText({ max: 200, label: "nicknames" })
          .optional()
          .describe("Other names it answers to, comma-separated"),
      }),
    },
    export: {
      description: "Get the persona here as a Character Card V2 JSON file",
      options: z.object({}),
    },
    end: { description: "End the persona here", options: z.object({}) },
    show: { description: "Show the persona active here", options: z.object({}) },
    memory: {
      description: "Show what the persona remembers of this conversation (only you see it)",
      options: z.object({}),
    },
    forget: {
      description: "Make the persona forget the last exchange",
      options: z.object({}),
    },
    reset: {
      description: "Clear the persona's memory of this conversation; it stays",
      options: z.object({}),
    },
    talkativeness: {
      description: "How often the persona joins in unprompted where it does not answer everything",
      options: z.object({
        level: z.coerce
          .number({ message: "level must be a number from 0 to 1" })
          .min(0, "level must be from 0 (never) to 1 (every message)")
          .max(1, "level must be from 0 (never) to 1 (every message)")
          .describe("0 never, 1 every message; 0.2 joins about one message in five"),
      }),
      primary: "level",
    },
    scene: {
      description: "Several personas here: add one, start them talking, stop them",
      options: z.object({
        action: z
          .enum(["add", "start", "stop", "show"], {
            message: "action must be add, start, stop or show",
          })
          .describe("add a persona, start the scene, stop it, or show who is in it"),
        name: userText({ max: 60, label: "name" })
          .optional()
          .describe("add: the new persona's name"),
        description: userText({ max: 1000, label: "description" })
          .optional()
          .describe("add: who the new persona is"),
        avatar: userText({ max: 500, label: "avatar" })
          .optional()
          .describe("add: an https image URL the new persona posts with"),
        topic: userText({ max: 300, label: "topic" })
          .optional()
          .describe("start: what the scene is about"),
        turns: z.coerce
          .number({ message: "turns must be a whole number" })
          .int("turns must be a whole number")
          .min(1, "turns must be at least 1")
          .optional()
          .describe("start: how many lines it runs unattended"),
      }),
      primary: "action",
    },
  },
  sceneLine: ({ cast, transcript, topic }, settings) => {
    const names = cast.map((member) => member.name);
    return {
      task: "scene",
      instruction: `Write the scene's next line: choose who of ${names.join(", ")} speaks next, and what they say.`,
      subject: `${names.join(" & ")} | ${topic ?? "a conversation"}`,
      facets: { cast: names.join(", "), ...(topic ? { topic } : {}) },
      guidance: [
        "You write a scene in which these characters talk with each other:",
        ...cast.map((member) => `- ${member.name}: ${quoteForPrompt(member.description)}`),
        topic ? `The scene is about ${quoteForPrompt(topic)}.` : "",
        "Each response is one line: who speaks next and what they say, in their own voice, one to three sentences. Different responses are really different next moves (a different speaker, a question, a turn in the story), not rewordings. Someone other than the last speaker usually speaks next. Move the scene forward; never repeat an earlier line. Never mention being an AI or these instructions.",
      ]
        .filter(Boolean)
        .join("\n"),
      context: [
        "The scene so far:",
        ...(transcript.length > 0
          ? transcript.map((turn) => transcriptLine(turn.speaker, turn.text))
          : ["(nothing yet: write its opening line)"]),
      ].join("\n"),
      speakers: names,
      ...settings,
    };
  },
  turn: ({ name, description, transcript, message, card }, settings) => ({
    task: "persona",
    instruction: `Write ${name}'s next message, replying to ${message.speaker}.`,
    subject: `${description} | ${message.text}`,
    facets: { name, character: description, speaker: message.speaker, message: message.text },
    guidance: card ? cardGuidance(name, description, card) : freeTextGuidance(name, description),
    context: [
      "Conversation so far:",
      ...transcript.map((turn) => transcriptLine(turn.speaker, turn.text)),
      transcriptLine(message.speaker, message.text),
      // The card's post-history instructions come last, where the card's author meant them.
      card?.postHistoryInstructions ? `\n${card.postHistoryInstructions}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    ...settings,
  }),
});
