import { VsbotError } from "../engine/errors.js";
import type { Origin } from "./types.js";

/** Who may end or replace a persona: whoever started it, or a member who may moderate here. */
export function mayChangePersona(origin: Origin, startedBy: string): boolean {
  return origin.user === startedBy || origin.canModerate === true;
}

/** The private refusal for someone else's persona. */
export function personaChangeRefused(
  name: string,
  action: "end" | "replace" | "forget" | "reset",
): VsbotError {
  return new VsbotError("invalid_input", `persona ${action} refused: not its starter`, {
    userMessage: `Only the person who started ${name}, or members who may manage this channel or thread, can ${action} it.`,
    details: { action },
  });
}

/**
 * The tag a tail carries of where its answer was posted; its buttons are honoured only
 * there, so an id copied into another channel or server reveals and spends nothing.
 */
export function postedIn(origin: Origin): string {
  return [origin.platform, origin.server ?? "-", origin.channel].join(":");
}

export function foreignButton(): VsbotError {
  return new VsbotError("invalid_input", "button used outside the channel of its answer", {
    userMessage:
      "This button belongs to an answer in another conversation. Run the command here for answers of your own.",
  });
}
