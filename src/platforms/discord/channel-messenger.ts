import { type APIChannel, type APIMessage, ChannelType, type REST, Routes } from "discord.js";
import { type DiscordMessage, withoutMentions } from "./discord-message.js";

export interface SendOptions {
  /** Send as a Discord reply to this message (without pinging its author). */
  readonly replyTo?: string;
}

/** Bot-token REST calls on channels: chat replies, persona threads, their messages, typing. */
export interface ChannelMessenger {
  send(
    channelId: string,
    message: DiscordMessage,
    options?: SendOptions,
  ): Promise<{ readonly id: string }>;
  /** A public thread without a starter message; announcement channels get their own kind. */
  startThread(
    channelId: string,
    name: string,
    parentType: ChannelType | undefined,
  ): Promise<{ readonly id: string }>;
  sendTyping(channelId: string): Promise<void>;
  /** A direct message to a user: Discord's only private answer to a channel message. */
  sendDirect(userId: string, message: DiscordMessage): Promise<void>;
}

/** Threads archive after a day without messages; a new message revives them. */
const ARCHIVE_AFTER_MINUTES = 1440;

export function createRestMessenger(rest: REST): ChannelMessenger {
  return {
    send: async (channelId, message, options = {}) => {
      const { flags: _flags, ...body } = message;
      // A reply to a message deleted meanwhile is sent as a plain message rather than refused.
      const reference = options.replyTo
        ? { message_reference: { message_id: options.replyTo, fail_if_not_exists: false } }
        : {};
      const sent = (await rest.post(Routes.channelMessages(channelId), {
        body: withoutMentions({ ...body, ...reference }),
      })) as APIMessage;
      return { id: sent.id };
    },
    startThread: async (channelId, name, parentType) => {
      const thread = (await rest.post(Routes.threads(channelId), {
        body: {
          name: name.slice(0, 100),
          type:
            parentType === ChannelType.GuildAnnouncement
              ? ChannelType.AnnouncementThread
              : ChannelType.PublicThread,
          auto_archive_duration: ARCHIVE_AFTER_MINUTES,
        },
      })) as APIChannel;
      return { id: thread.id };
    },
    sendTyping: async (channelId) => {
      await rest.post(Routes.channelTyping(channelId));
    },
    sendDirect: async (userId, message) => {
      const channel = (await rest.post(Routes.userChannels(), {
        body: { recipient_id: userId },
      })) as APIChannel;
      const { flags: _flags, ...body } = message;
      await rest.post(Routes.channelMessages(channel.id), { body: withoutMentions(body) });
    },
  };
}
