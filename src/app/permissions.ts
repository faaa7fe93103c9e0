import { VsbotError } from "../engine/errors.js";
import type { Origin } from "./types.js";

/** Who may end or replace a persona: whoever started it, or a member who may moderate here. */
export function mayChangePersona(origin: Origin, startedBy: string): boolean {
  return origin.user === startedBy || origin.canModerate === true;
}

/** The private refusal for someone else's persona. */
export type PersonaAction = "end" | "replace" | "forget" | "reset" | "memory";

/** What the refusal says the person may not do, as "… can <phrase>." */
const ACTION_PHRASES: Readonly<Record<PersonaAction, string>> = {
  end: "end it",
  replace: "replace it",
  forget: "make it forget",
  reset: "reset its memory",
  memory: "see what it remembers",
};

export function personaChangeRefused(name: string, action: PersonaAction): VsbotError {
  return new VsbotError("invalid_input", `persona ${action} refused: not its starter`, {
    userMessage: `Only the person who started ${name}, or members who may manage this channel or thread, can ${ACTION_PHRASES[action]}.`,
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
