import type { ChatService } from "../../app/chat-service.js";
import type { Inbound, Reply } from "../../app/types.js";
import { isVsbotError, toVsbotError } from "../../engine/errors.js";
import type { Logger } from "../../engine/ports.js";

/** Failures caused by what was asked, or by whom: logged as rejections, not errors. */
const REJECTIONS: ReadonlySet<string> = new Set([
  "invalid_input",
  "user_rate_limited",
  "access_denied",
  "budget_exceeded",
]);

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
    if (isVsbotError(thrown) && REJECTIONS.has(error.code)) logger.info("chat.rejected", fields);
    else logger.error("chat.failed", fields);
    return { ok: false, code: error.code, message: error.userMessage };
  }
}
