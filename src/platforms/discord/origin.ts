import {
  type APIInteraction,
  type APIUser,
  ChannelType,
  type GatewayMessageCreateDispatchData,
  PermissionFlagsBits,
} from "discord.js";
import type { Origin } from "../../app/types.js";

export type ManageScope = "channel" | "server";

/**
 * Whether a member's permission bitfield (a decimal string, as Discord sends it) allows
 * changing settings at this scope: Manage Channels for a channel, Manage Server for a server.
 */
export function canManageWith(permissions: string | undefined, scope: ManageScope): boolean {
  if (permissions === undefined || !/^\d+$/.test(permissions)) return false;
  const granted = BigInt(permissions);
  const needed =
    scope === "server" ? PermissionFlagsBits.ManageGuild : PermissionFlagsBits.ManageChannels;
  return (granted & (needed | PermissionFlagsBits.Administrator)) !== 0n;
}

const THREAD_TYPES: ReadonlySet<number> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

export function isThreadChannel(type: number): boolean {
  return THREAD_TYPES.has(type);
}

function displayName(user: APIUser, nick: string | null | undefined): string {
  return nick || user.global_name || user.username;
}

/**
 * The origin of an interaction. In a thread, the thread is the channel: persona sessions and
 * settings then live in the thread, and thread messages (which name only their own channel)
 * find them.
 */
export function interactionOrigin(interaction: APIInteraction, scope: ManageScope): Origin {
  const user = interaction.member?.user ?? interaction.user;
  const channel = interaction.channel?.id ?? interaction.channel_id ?? "unknown";
  // A text channel's parent_id is its category; only a thread's is the channel it belongs to.
  const channelData = interaction.channel as
    | { type?: number; parent_id?: string | null }
    | undefined;
  const parent =
    channelData?.type !== undefined && THREAD_TYPES.has(channelData.type)
      ? channelData.parent_id
      : undefined;
  const permissions = interaction.member?.permissions;
  return {
    platform: "discord",
    user: user?.id ?? "unknown",
    ...(user ? { userName: displayName(user, interaction.member?.nick) } : {}),
    ...(interaction.guild_id ? { server: interaction.guild_id } : { direct: true }),
    channel,
    ...(parent ? { parentChannel: parent } : {}),
    roles: interaction.member?.roles ?? [],
    // In a DM the user owns the conversation.
    canManage: interaction.guild_id ? canManageWith(permissions, scope) : true,
    canManageServer: interaction.guild_id ? canManageWith(permissions, "server") : true,
  };
}

/**
 * The origin of a message; messages never change settings, so canManage is false. Messages
 * do not name a thread's parent channel: the caller looks it up and passes it.
 */
export function messageOrigin(
  message: GatewayMessageCreateDispatchData,
  parentChannel?: string,
): Origin {
  return {
    platform: "discord",
    user: message.author.id,
    userName: displayName(message.author, message.member?.nick),
    ...(message.guild_id ? { server: message.guild_id } : { direct: true }),
    channel: message.channel_id,
    ...(parentChannel ? { parentChannel } : {}),
    roles: message.member?.roles ?? [],
    canManage: false,
  };
}
