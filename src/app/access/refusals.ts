import { VsbotError } from "../../engine/errors.js";
import type { Origin } from "../types.js";
import type { Refusal } from "./access-policy.js";

const MESSAGES: Readonly<Record<Refusal, string>> = {
  blocked: "Sorry, you can't use vsbot here.",
  channel: "Sorry, vsbot isn't available in this channel. Please try another one.",
  direct: "Sorry, vsbot doesn't answer direct messages here. Please use it in a server channel.",
  user: "Sorry, vsbot is open only to some members here, and you're not among them yet.",
};

/** The private, polite refusal a person gets; the log keeps the reason, never the lists. */
export function accessDenied(origin: Origin, refusal: Refusal): VsbotError {
  return new VsbotError("access_denied", `access refused (${refusal})`, {
    userMessage: MESSAGES[refusal],
    details: { platform: origin.platform, user: origin.user, channel: origin.channel, refusal },
  });
}

/** For actions only admins and members who may manage may take. */
export function notPermitted(userMessage: string): VsbotError {
  return new VsbotError("invalid_input", "refused: missing permission", { userMessage });
}
