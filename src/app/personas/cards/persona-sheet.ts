import { estimateTokens } from "../personas.js";
import type { CharacterCard } from "./character-card.js";
import { displayName, displayText, promptText } from "./display-text.js";
import { type MacroNames, substituteNames } from "./macros.js";

/** Longest user display name put into a prompt; platform names are shorter still. */
const USER_NAME_LIMIT = 80;
/** Separates the example conversations of `mes_example`. */
const START = /^[ \t]*<START>[ \t]*$/gim;

/**
 * What a persona turn's prompt needs from a card, with `{{char}}`/`{{user}}` substituted and
 * the text cleaned for the model. Empty strings mean the card has no such part. `display`
 * holds the parts people see, with mentions and markup neutralised.
 */
export interface PersonaSheet {
  /** The character's name in the prompt: the V3 nickname when set, else the name. */
  readonly name: string;
  /** description, personality, scenario and example messages as one block. */
  readonly description: string;
  /** The card's own system prompt; when empty the caller's default applies (V2 spec). */
  readonly systemPrompt: string;
  /** Instructions that go after the conversation; when empty the caller's default applies. */
  readonly postHistoryInstructions: string;
  /** The first message (first_mes), "" when the card has none. */
  readonly greeting: string;
  /** Other first messages, offered as swipes of the greeting. */
  readonly alternateGreetings: readonly string[];
  /** Tokens of description, system prompt and post-history instructions (characters / 4). */
  readonly tokens: number;
  readonly display: {
    readonly name: string;
    readonly greeting: string;
    readonly alternateGreetings: readonly string[];
    readonly creatorNotes: string;
  };
  /** The names substituted, for the caller's lore selection and transcript. */
  readonly names: MacroNames;
}

export function personaSheet(card: CharacterCard, userDisplayName: string): PersonaSheet {
  const names = macroNames(card, userDisplayName);
  const prompt = (text: string) => substituteNames(promptText(text), names);
  const description = descriptionBlock(card, names.character, prompt);
  const systemPrompt = prompt(card.systemPrompt);
  const postHistoryInstructions = prompt(card.postHistoryInstructions);
  const greeting = prompt(card.firstMessage);
  const alternateGreetings = card.alternateGreetings.map(prompt).filter(Boolean);
  return {
    name: names.character,
    description,
    systemPrompt,
    postHistoryInstructions,
    greeting,
    alternateGreetings,
    tokens:
      estimateTokens(description) +
      estimateTokens(systemPrompt) +
      estimateTokens(postHistoryInstructions),
    display: {
      name: displayName(names.character),
      greeting: displayText(greeting),
      alternateGreetings: alternateGreetings.map(displayText),
      creatorNotes: displayText(card.creatorNotes),
    },
    names,
  };
}

/** `{{char}}` is the V3 nickname when set, else the name; `{{user}}` the person's name. */
export function macroNames(card: CharacterCard, userDisplayName: string): MacroNames {
  const character = singleLine(card.nickname ?? card.name) || "Character";
  const user = Array.from(singleLine(userDisplayName)).slice(0, USER_NAME_LIMIT).join("").trim();
  return { character, user: user || "User" };
}

function descriptionBlock(
  card: CharacterCard,
  name: string,
  prompt: (text: string) => string,
): string {
  const examples = prompt(card.messageExamples)
    .split(START)
    .map((part) => part.trim())
    .filter(Boolean);
  const parts = [
    prompt(card.description),
    labelled(`${name}'s personality`, prompt(card.personality)),
    labelled("Scenario", prompt(card.scenario)),
    examples.length > 0 ? `Examples of how ${name} writes:\n${examples.join("\n\n")}` : "",
  ];
  return parts.filter(Boolean).join("\n\n");
}

function labelled(label: string, text: string): string {
  return text ? `${label}: ${text}` : "";
}

function singleLine(text: string): string {
  return promptText(text).replace(/\s+/g, " ").trim();
}
