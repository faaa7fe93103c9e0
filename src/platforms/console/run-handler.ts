import type { ChatService } from "../../app/chat-service.js";
import type { Inbound, Reply } from "../../app/types.js";
import { isVsbotError, toVsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";

export type HandleOutcome =
  | { readonly ok: true; readonly replies: readonly Reply[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Runs one event through the chat core and turns every failure into a user-facing message,
 * logging the typed error. Shared by the console modes; never throws.
 */
export async function handleSafely(
  chat: ChatService,
  logger: Logger,
  event: Inbound,
): Promise<HandleOutcome> {
  try {
    return { ok: true, replies: await chat.handle(event) };
  } catch (thrown) {
    const error = toVsbotError(thrown);
    const fields = { type: event.type, code: error.code, error };
    if (isVsbotError(thrown) && error.code === "invalid_input")
      logger.info("chat.rejected", fields);
    else logger.error("chat.failed", fields);
    return { ok: false, code: error.code, message: error.userMessage };
  }
}
