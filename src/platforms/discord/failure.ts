import { DiscordAPIError } from "discord.js";
import { toVsbotError, VsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";

/** Failures caused by what the user asked, logged as rejections rather than errors. */
const REJECTIONS: ReadonlySet<string> = new Set([
  "invalid_input",
  "user_rate_limited",
  "access_denied",
  "budget_exceeded",
]);

/** Discord's codes for a bot that lacks access or permissions in a channel. */
const MISSING_ACCESS = new Set([50001, 50013]);

/** The message a user sees for a failure; logs it as a rejection or as an error. */
export function reportFailure(
  thrown: unknown,
  logger: Logger,
  fields: Readonly<Record<string, unknown>>,
): string {
  const error = toVsbotError(thrown);
  const entry = { ...fields, code: error.code, error };
  if (REJECTIONS.has(error.code)) logger.info("discord.rejected", entry);
  else logger.error("discord.failed", entry);
  return error.userMessage;
}

/** Translates a REST failure to open a persona thread into a message the user can act on. */
export function threadFailure(thrown: unknown): VsbotError {
  const missingAccess =
    thrown instanceof DiscordAPIError && MISSING_ACCESS.has(Number(thrown.code));
  return new VsbotError("internal", "could not open a persona thread", {
    cause: thrown,
    userMessage: missingAccess
      ? "I could not open a thread here: I need the Create Public Threads and Send Messages in Threads permissions in this channel."
      : "I could not open a thread for the persona here. Please try again, or start it inside an existing thread.",
  });
}
