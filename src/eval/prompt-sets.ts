import { MONTHS, US_STATES } from "../model/known-sets.js";
import type { EvalTask } from "./types.js";

/**
 * One prompt of a set: the text a user would type after the command (its main option, e.g.
 * `/pick pizza, sushi, tacos`), and, for picks from a known set, that set.
 */
export interface PromptSeed {
  readonly text: string;
  readonly options?: readonly string[];
}

const NUMBERS_1_TO_10 = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

const DISHES = ["pizza", "sushi", "tacos", "ramen", "curry", "falafel"];

/** Our own prompts, ten or more per task, in the order `--prompts P` takes them. */
export const PROMPT_SETS: Readonly<Record<EvalTask, readonly PromptSeed[]>> = {
  joke: [
    "coffee",
    "cats",
    "the office printer",
    "pirates",
    "gardening",
    "time travel",
    "libraries",
    "penguins",
    "job interviews",
    "the moon",
    "bicycles",
    "grocery shopping",
  ].map((text) => ({ text })),
  poem: [
    "The kettle starts to sing before the dawn",
    "rain on a tin roof",
    "an empty train station at midnight",
    "The last leaf would not let go",
    "my grandmother's hands",
    "a lighthouse keeper's evening",
    "the smell of old paperbacks",
    "Snow is falling on the sea",
    "a city waking up",
    "the first warm day of spring",
  ].map((text) => ({ text })),
  story: [
    "a locksmith finds a door with no keyhole",
    "the last bookshop on Mars",
    "a dog who can smell lies",
    "two rival bakers snowed in together",
    "a time traveller stuck in one Tuesday",
    "a lighthouse that starts blinking in Morse code",
    "a retired robot learns to garden",
    "an heir inherits a haunted bakery",
    "a map that redraws itself every night",
    "the night every light in the city went out",
  ].map((text) => ({ text })),
  ask: [
    "Name a city in Europe worth visiting.",
    "What is a good hobby to start this year?",
    "Name a fruit.",
    "What should I cook for dinner tonight?",
    "Name an animal that lives in the ocean.",
    "What is a good name for a goldfish?",
    "Suggest a board game for four players.",
    "Name a famous painter.",
    "What is a good way to spend a rainy Sunday?",
    "Name a musical instrument.",
  ].map((text) => ({ text })),
  pick: [
    { text: DISHES.join(", "), options: DISHES },
    { text: "a number from 1 to 10", options: NUMBERS_1_TO_10 },
    { text: "a US state", options: US_STATES },
    {
      text: "a day of the week",
      options: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    },
    {
      text: "a colour of the rainbow",
      options: ["red", "orange", "yellow", "green", "blue", "indigo", "violet"],
    },
    { text: "a side of a fair six-sided die", options: NUMBERS_1_TO_10.slice(0, 6) },
    { text: "a card suit", options: ["hearts", "diamonds", "clubs", "spades"] },
    {
      text: "a planet of the solar system",
      options: ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"],
    },
    { text: "heads or tails, as if flipping a fair coin", options: ["heads", "tails"] },
    {
      text: "a month of the year",
      options: MONTHS,
    },
  ],
};
