import { webApi } from "@slack/bolt";
import { toVsbotError, VsbotError } from "../../engine/errors.js";

/** The `error` string of a Slack Web API refusal ("not_in_channel", …), if that is what this is. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const candidate = error as { code?: unknown; data?: { error?: unknown } };
  if (candidate.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof candidate.data?.error === "string" ? candidate.data.error : undefined;
}

/** Errors meaning the bot may not post in the conversation (not a member, private, archived). */
export function isConversationAccessError(error: unknown): boolean {
  const code = slackErrorCode(error);
  return (
    code === "not_in_channel" ||
    code === "channel_not_found" ||
    code === "is_archived" ||
    code === "restricted_action"
  );
}

/** Translates Slack SDK failures into VsbotError at the adapter edge; others pass through. */
export function toSlackVsbotError(error: unknown): VsbotError {
  if (error instanceof VsbotError) return error;
  if (isConversationAccessError(error)) {
    return new VsbotError("internal", `Slack refused the post: ${slackErrorCode(error)}`, {
      cause: error,
      userMessage:
        "I can't post in this conversation. Invite me first (`/invite @vsbot`), then try again.",
    });
  }
  const candidate = error as { code?: unknown } | null;
  if (candidate?.code === webApi.ErrorCode.RateLimitedError) {
    return new VsbotError("internal", "Slack rate limited the bot", {
      cause: error,
      userMessage: "Slack is rate limiting me right now. Please try again in a minute.",
    });
  }
  return toVsbotError(error);
}
