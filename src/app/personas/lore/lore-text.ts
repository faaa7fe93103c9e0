import type { LorePosition } from "./lore-book.js";
import type { ChosenLore } from "./lore-selection.js";

/** The chosen entries for one place in the prompt, in their order, one paragraph each. */
export function loreText(chosen: readonly ChosenLore[], position: LorePosition): string {
  return chosen
    .filter((lore) => lore.position === position)
    .map((lore) => lore.content)
    .join("\n\n");
}
