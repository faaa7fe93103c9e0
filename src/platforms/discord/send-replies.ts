import type { Reply } from "../../app/types.js";
import type { ChannelMessenger } from "./channel-messenger.js";
import type { PersonaPlace, PersonaPost, PersonaPoster } from "./persona-webhooks.js";
import { renderNotice, renderReply } from "./render-reply.js";

export interface ReplyOutlet {
  readonly messenger: ChannelMessenger;
  /** Posts replies that carry a persona's voice under its name and avatar; absent, as the bot. */
  readonly personas?: PersonaPoster;
}

export interface SendOptions {
  /** Chat replies answer this message, each part the one before, so the chain reads on. */
  readonly replyTo?: string;
  /** DMs have no webhooks: a persona there posts as the bot. */
  readonly direct?: boolean;
}

/**
 * Sends replies in order: a persona's through its channel webhook (the Manage Webhooks notice
 * after it, when the bot lacks that permission), the rest as the bot. Returns what the
 * personas posted, so a caller can edit those messages later.
 */
export async function sendReplies(
  outlet: ReplyOutlet,
  place: PersonaPlace,
  replies: readonly Reply[],
  options: SendOptions = {},
): Promise<PersonaPost[]> {
  const posted: PersonaPost[] = [];
  let previous = options.replyTo;
  for (const reply of replies) {
    const voice = options.direct ? undefined : reply.voice;
    for (const message of renderReply(reply)) {
      if (voice && outlet.personas) {
        const post = await outlet.personas.post(place, voice, message);
        posted.push(post);
        if (post.notice) {
          for (const notice of renderNotice(post.notice)) {
            await outlet.messenger.send(place.channelId, notice);
          }
        }
        continue;
      }
      const sent = await outlet.messenger.send(
        place.channelId,
        message,
        previous ? { replyTo: previous } : {},
      );
      if (previous) previous = sent.id;
    }
  }
  return posted;
}
