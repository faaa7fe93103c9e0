import { type APIMessage, type APIWebhook, DiscordAPIError, type REST, Routes } from "discord.js";
import type { Origin, ReplyVoice } from "../../app/types.js";
import type { Clock, Logger, StateStore } from "../../engine/ports.js";
import type { ChannelMessenger } from "./channel-messenger.js";
import { type DiscordMessage, withoutMentions } from "./discord-message.js";
import { MESSAGE_LIMIT } from "./split-message.js";

/** The name and face a persona posts under; without an avatar Discord shows the webhook's. */
export type PersonaIdentity = Pick<ReplyVoice, "name" | "avatarUrl">;

/** A channel, or a thread with the channel it belongs to (webhooks live on the channel). */
export interface PersonaPlace {
  readonly channelId: string;
  readonly parentId?: string;
}

/** Where a reply to this origin goes: a thread's parent holds the webhook. */
export function placeOf(origin: Origin): PersonaPlace {
  return {
    channelId: origin.channel,
    ...(origin.parentChannel ? { parentId: origin.parentChannel } : {}),
  };
}

/** A message a persona posted, enough to edit it in place later (swipes). */
export interface PersonaPost {
  readonly messageId: string;
  readonly place: PersonaPlace;
  /** "webhook": under the persona's own name; "bot": as the bot, the name in bold. */
  readonly via: "webhook" | "bot";
  /**
   * Set when the webhook could not be used because the bot lacks Manage Webhooks, once per
   * channel now and then: what to tell the people there, and how to fix it.
   */
  readonly notice?: string;
}

/** Posts and edits persona messages under each persona's own name and avatar. */
export interface PersonaPoster {
  post(
    place: PersonaPlace,
    identity: PersonaIdentity,
    message: DiscordMessage,
  ): Promise<PersonaPost>;
  /** Replaces a posted message's content and buttons, the way it was posted (webhook or bot). */
  edit(
    post: Omit<PersonaPost, "notice">,
    identity: PersonaIdentity,
    message: DiscordMessage,
  ): Promise<void>;
}

interface StoredWebhook {
  readonly id: string;
  readonly token: string;
}

export interface PersonaWebhookOptions {
  readonly rest: REST;
  readonly messenger: ChannelMessenger;
  readonly store: StateStore;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The bot's application id: only webhooks it owns can be executed with its token. */
  readonly applicationId: () => string | undefined;
}

/** The name vsbot gives the one webhook it keeps per channel, and finds it again by. */
export const PERSONA_WEBHOOK_NAME = "vsbot personas";
/** Discord's codes: Missing Permissions, Missing Access, Unknown Webhook. */
const MISSING_PERMISSIONS = new Set([50001, 50013]);
const UNKNOWN_WEBHOOK = 10015;
/** After a refusal, the webhook is not tried again in that channel for this long. */
const RETRY_AFTER_REFUSAL_MS = 10 * 60_000;
/** How often a channel hears that Manage Webhooks is missing. */
const NOTICE_EVERY_MS = 6 * 60 * 60_000;
const USERNAME_LIMIT = 80;
/** Discord refuses webhook usernames containing these words. */
const REFUSED_WORDS = /clyde|discord/gi;

export const MANAGE_WEBHOOKS_NOTICE =
  "-# Personas post as the bot here because it lacks the **Manage Webhooks** permission. To give each persona its own name and avatar, allow Manage Webhooks for the bot's role in this channel (Edit Channel → Permissions) or in Server Settings → Roles.";

function storeKey(channelId: string): string {
  return `discord:persona-webhook:${channelId}`;
}

function discordCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError ? Number(error.code) : undefined;
}

/**
 * A webhook username Discord accepts: 1-80 characters, and a zero-width space inside the
 * words it refuses, which keeps the name readable as the card wrote it.
 */
export function webhookUsername(name: string): string {
  const defused = name.replace(
    REFUSED_WORDS,
    (word) => `${word.slice(0, 1)}\u200b${word.slice(1)}`,
  );
  const trimmed = [...defused.trim()].slice(0, USERNAME_LIMIT).join("");
  return trimmed.length > 0 ? trimmed : "Persona";
}

/** A persona's message sent as the bot: its name in bold leads, so readers know who speaks. */
function named(identity: PersonaIdentity, message: DiscordMessage): DiscordMessage {
  const content = `**${identity.name.replace(/[*_~`|\\]/g, "")}**: ${message.content}`;
  return {
    ...message,
    content: content.length > MESSAGE_LIMIT ? `${content.slice(0, MESSAGE_LIMIT - 1)}…` : content,
  };
}

function threadQuery(place: PersonaPlace, wait: boolean): URLSearchParams {
  const query = new URLSearchParams();
  if (wait) query.set("wait", "true");
  if (place.parentId) query.set("thread_id", place.channelId);
  return query;
}

/**
 * One webhook per channel, found or created once and remembered in the store (its token is a
 * secret: it never reaches a log); threads post through their parent's webhook. Without
 * Manage Webhooks the persona posts as the bot with its name in bold, and the channel is told
 * how to fix it.
 */
export function createPersonaWebhooks(options: PersonaWebhookOptions): PersonaPoster {
  const { rest, messenger, store, logger, clock } = options;
  const known = new Map<string, StoredWebhook>();
  const refusedUntil = new Map<string, number>();
  const noticedUntil = new Map<string, number>();

  const forget = async (channelId: string): Promise<void> => {
    known.delete(channelId);
    await store.delete(storeKey(channelId));
  };

  const findOrCreate = async (channelId: string): Promise<StoredWebhook> => {
    const remembered =
      known.get(channelId) ?? (await store.get<StoredWebhook>(storeKey(channelId)));
    if (remembered?.id && remembered.token) {
      known.set(channelId, remembered);
      return remembered;
    }
    const applicationId = options.applicationId();
    const listed = (await rest.get(Routes.channelWebhooks(channelId))) as APIWebhook[];
    const mine = listed.find(
      (webhook) =>
        webhook.name === PERSONA_WEBHOOK_NAME &&
        webhook.token !== undefined &&
        (applicationId === undefined || webhook.application_id === applicationId),
    );
    const webhook =
      mine ??
      ((await rest.post(Routes.channelWebhooks(channelId), {
        body: { name: PERSONA_WEBHOOK_NAME },
        reason: "vsbot posts each persona under its own name and avatar",
      })) as APIWebhook);
    if (!webhook.token) throw new Error("Discord returned a webhook without a token");
    const found = { id: webhook.id, token: webhook.token };
    known.set(channelId, found);
    await store.set(storeKey(channelId), found);
    logger.info("discord.persona_webhook_ready", {
      channel: channelId,
      webhook: webhook.id,
      created: mine === undefined,
    });
    return found;
  };

  const execute = async (
    place: PersonaPlace,
    identity: PersonaIdentity,
    message: DiscordMessage,
  ): Promise<string> => {
    const channelId = place.parentId ?? place.channelId;
    const { flags: _flags, files, ...body } = message;
    const payload = withoutMentions({
      ...body,
      username: webhookUsername(identity.name),
      ...(identity.avatarUrl ? { avatar_url: identity.avatarUrl } : {}),
    });
    for (let attempt = 0; ; attempt++) {
      const webhook = await findOrCreate(channelId);
      try {
        const sent = (await rest.post(Routes.webhook(webhook.id, webhook.token), {
          body: payload,
          query: threadQuery(place, true),
          auth: false,
          ...(files && files.length > 0 ? { files: [...files] } : {}),
        })) as APIMessage;
        return sent.id;
      } catch (error) {
        // Deleted by an admin since: make a new one, once.
        if (discordCode(error) !== UNKNOWN_WEBHOOK || attempt > 0) throw error;
        await forget(channelId);
      }
    }
  };

  const asBot = async (
    place: PersonaPlace,
    identity: PersonaIdentity,
    message: DiscordMessage,
  ): Promise<PersonaPost> => {
    const channelId = place.parentId ?? place.channelId;
    const now = clock.now();
    const notify = (noticedUntil.get(channelId) ?? 0) <= now;
    if (notify) noticedUntil.set(channelId, now + NOTICE_EVERY_MS);
    const sent = await messenger.send(place.channelId, named(identity, message));
    return {
      messageId: sent.id,
      place,
      via: "bot",
      ...(notify ? { notice: MANAGE_WEBHOOKS_NOTICE } : {}),
    };
  };

  return {
    post: async (place, identity, message) => {
      const channelId = place.parentId ?? place.channelId;
      if ((refusedUntil.get(channelId) ?? 0) > clock.now()) return asBot(place, identity, message);
      try {
        const messageId = await execute(place, identity, message);
        return { messageId, place, via: "webhook" };
      } catch (error) {
        if (!MISSING_PERMISSIONS.has(discordCode(error) ?? 0)) throw error;
        refusedUntil.set(channelId, clock.now() + RETRY_AFTER_REFUSAL_MS);
        logger.warn("discord.persona_webhook_refused", {
          channel: channelId,
          code: discordCode(error),
        });
        return asBot(place, identity, message);
      }
    },
    edit: async (post, identity, message) => {
      const { flags: _flags, files: _files, ...body } = message;
      if (post.via === "bot") {
        const { flags: _named, files: _kept, ...prefixed } = named(identity, message);
        await rest.patch(Routes.channelMessage(post.place.channelId, post.messageId), {
          body: withoutMentions(prefixed),
        });
        return;
      }
      const webhook = await findOrCreate(post.place.parentId ?? post.place.channelId);
      await rest.patch(Routes.webhookMessage(webhook.id, webhook.token, post.messageId), {
        body: withoutMentions(body),
        query: threadQuery(post.place, false),
        auth: false,
      });
    },
  };
}
