import type { Logger } from "../../engine/ports.js";
import type { ChannelMessenger } from "./channel-messenger.js";

/** Discord shows "typing…" for 10 seconds; renewing a little earlier keeps it steady. */
export const TYPING_RENEW_MS = 8000;

/** Shows "typing…" in a channel until the returned stop function is called. */
export function keepTyping(
  messenger: ChannelMessenger,
  channelId: string,
  logger: Logger,
  renewMs = TYPING_RENEW_MS,
): () => void {
  const type = () => {
    messenger.sendTyping(channelId).catch((error: unknown) => {
      logger.debug("discord.typing_failed", { channel: channelId, error });
    });
  };
  type();
  const timer = setInterval(type, renewMs);
  return () => clearInterval(timer);
}
