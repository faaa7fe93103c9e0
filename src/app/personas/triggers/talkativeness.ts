import type { CharacterCard } from "../cards/index.js";

/** Unprompted replies are opt-in: a persona without a setting speaks only when triggered. */
export const DEFAULT_TALKATIVENESS = 0;

/** A level in 0..1 from a number or a numeric string, else undefined. */
export function readLevel(value: unknown): number | undefined {
  const number =
    typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  if (typeof value === "string" && value.trim() === "") return undefined;
  return Number.isFinite(number) && number >= 0 && number <= 1 ? number : undefined;
}

/**
 * A card's own talkativeness (SillyTavern keeps it in `extensions.talkativeness`, often as a
 * string such as "0.5"); undefined when the card has none usable.
 */
export function cardTalkativeness(card: CharacterCard | undefined): number | undefined {
  return card ? readLevel(card.extensions.talkativeness) : undefined;
}
