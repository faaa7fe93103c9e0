/**
 * Interaction and message payloads shaped like Discord's (API v10), for the fake gateway and
 * for signed HTTP requests. Each interaction gets a fresh id and token.
 */
import { randomBytes } from "node:crypto";
import type {
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIPingInteraction,
  GatewayMessageCreateDispatchData,
} from "discord.js";
import { messageDefaults, snowflake } from "./fake-discord.js";

/** Manage Channels (1 << 4) and Manage Server (1 << 5). */
export const MANAGE_PERMISSIONS = String((1n << 4n) | (1n << 5n));
/** View Channel and Send Messages only. */
export const MEMBER_PERMISSIONS = String((1n << 10n) | (1n << 11n));

export interface PayloadContext {
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  /** 0 a text channel (default), 11 a public thread. */
  readonly channelType?: number;
  /** For a thread: the channel it belongs to, which Discord names in the interaction's channel. */
  readonly parentId?: string;
  readonly userId?: string;
  readonly username?: string;
  readonly nick?: string;
  readonly permissions?: string;
}

export type OptionValue = string | number | boolean;

/** The member who interacts or writes, as Discord describes a user. */
function userOf(context: PayloadContext) {
  return {
    id: context.userId ?? "200000000000000001",
    username: context.username ?? "ada",
    discriminator: "0",
    global_name: "Ada",
    avatar: null,
  };
}

function interactionBase(context: PayloadContext) {
  const user = userOf(context);
  return {
    id: snowflake(),
    token: `token-${randomBytes(12).toString("hex")}`,
    application_id: context.applicationId,
    version: 1 as const,
    guild_id: context.guildId,
    guild: { id: context.guildId, features: [], locale: "en-US" },
    channel_id: context.channelId,
    channel: {
      id: context.channelId,
      type: context.channelType ?? 0,
      name: "general",
      ...(context.parentId ? { parent_id: context.parentId } : {}),
    },
    member: {
      user,
      nick: context.nick ?? null,
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      permissions: context.permissions ?? MEMBER_PERMISSIONS,
    },
    app_permissions: "0",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
    attachment_size_limit: 8_388_608,
  };
}

function valueType(value: OptionValue): 3 | 4 | 5 | 10 {
  if (typeof value === "string") return 3;
  if (typeof value === "boolean") return 5;
  return Number.isInteger(value) ? 4 : 10;
}

function options(values: Readonly<Record<string, OptionValue>>) {
  return Object.entries(values).map(([name, value]) => ({ name, type: valueType(value), value }));
}

/** A slash command; with `subcommand`, the options sit inside a SUB_COMMAND option. */
export function slashCommand(
  context: PayloadContext,
  name: string,
  values: Readonly<Record<string, OptionValue>> = {},
  subcommand?: string,
): APIChatInputApplicationCommandInteraction {
  const data = {
    id: snowflake(),
    name,
    type: 1,
    options:
      subcommand === undefined
        ? options(values)
        : [{ name: subcommand, type: 1, options: options(values) }],
  };
  return {
    ...interactionBase(context),
    type: 2,
    data,
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** A click on a button of a message the bot sent. */
export function buttonClick(
  context: PayloadContext,
  customId: string,
  messageContent = "",
): APIMessageComponentButtonInteraction {
  const message = {
    ...messageDefaults(),
    id: snowflake(),
    channel_id: context.channelId,
    content: messageContent,
    author: {
      id: context.applicationId,
      username: "vsbot",
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
    },
  };
  return {
    ...interactionBase(context),
    type: 3,
    message,
    data: { custom_id: customId, component_type: 2 },
  } as unknown as APIMessageComponentButtonInteraction;
}

export function pingInteraction(applicationId: string): APIPingInteraction {
  return {
    id: snowflake(),
    token: `token-${randomBytes(12).toString("hex")}`,
    application_id: applicationId,
    type: 1,
    version: 1,
  } as unknown as APIPingInteraction;
}

export interface MessageExtras {
  /** Ids of users mentioned (the bot's own among them for a mention). */
  readonly mentions?: readonly string[];
  readonly bot?: boolean;
  /** Makes it a reply (type 19) to this message, which it carries as Discord does. */
  readonly replyTo?: { readonly id: string; readonly channel_id: string };
}

/** A member's message in a channel or thread, as MESSAGE_CREATE carries it. */
export function userMessage(
  context: PayloadContext,
  content: string,
  extra: MessageExtras = {},
): GatewayMessageCreateDispatchData {
  const author = { ...userOf(context), ...(extra.bot ? { bot: true } : {}) };
  const { member: _member, ...referenced } = (extra.replyTo ?? {}) as Record<string, unknown>;
  return {
    ...messageDefaults(),
    id: snowflake(),
    channel_id: context.channelId,
    guild_id: context.guildId,
    content,
    author,
    ...(extra.replyTo
      ? {
          type: 19,
          message_reference: {
            type: 0,
            message_id: extra.replyTo.id,
            channel_id: extra.replyTo.channel_id,
            guild_id: context.guildId,
          },
          referenced_message: referenced,
        }
      : {}),
    member: {
      nick: context.nick ?? null,
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    mentions: (extra.mentions ?? []).map((id) => ({
      id,
      username: "vsbot",
      discriminator: "0",
      global_name: null,
      avatar: null,
    })),
  } as unknown as GatewayMessageCreateDispatchData;
}

/** A direct message to the bot: no guild, no member, a DM channel. */
export function directMessage(
  context: PayloadContext & { readonly dmChannelId: string },
  content: string,
  extra: MessageExtras = {},
): GatewayMessageCreateDispatchData {
  const {
    guild_id: _guild,
    member: _member,
    ...message
  } = userMessage(
    { ...context, channelId: context.dmChannelId },
    content,
    extra,
  ) as unknown as Record<string, unknown>;
  return message as unknown as GatewayMessageCreateDispatchData;
}

/**
 * A slash command with a file attached to an attachment option, as Discord sends it: the
 * option's value is the attachment's id, described in `data.resolved.attachments`.
 */
export function withAttachment(
  interaction: APIChatInputApplicationCommandInteraction,
  option: string,
  attachment: {
    readonly id: string;
    readonly filename: string;
    readonly size: number;
    readonly url: string;
  },
): APIChatInputApplicationCommandInteraction {
  // biome-ignore lint/suspicious/noExplicitAny: building the payload by hand.
  const data = structuredClone(interaction.data) as any;
  const holder = data.options?.[0]?.type === 1 ? data.options[0] : data;
  holder.options = [...(holder.options ?? []), { name: option, type: 11, value: attachment.id }];
  data.resolved = { attachments: { [attachment.id]: attachment } };
  return { ...interaction, data } as APIChatInputApplicationCommandInteraction;
}
