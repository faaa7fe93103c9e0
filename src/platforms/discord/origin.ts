import { ChannelType, PermissionFlagsBits } from "discord.js";
import type { Origin } from "../../app/types.js";
import type { InteractionPayload } from "./interaction-payload.js";
import type { MessagePayload } from "./message-payload.js";

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

/**
 * Whether a member may moderate conversations here (end or replace someone else's persona):
 * Manage Threads or Manage Channels, or Administrator.
 */
export function canModerateWith(permissions: string | undefined): boolean {
  if (permissions === undefined || !/^\d+$/.test(permissions)) return false;
  const moderate =
    PermissionFlagsBits.ManageThreads |
    PermissionFlagsBits.ManageChannels |
    PermissionFlagsBits.Administrator;
  return (BigInt(permissions) & moderate) !== 0n;
}

const THREAD_TYPES: ReadonlySet<number> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

export function isThreadChannel(type: number): boolean {
  return THREAD_TYPES.has(type);
}

interface NamedUser {
  readonly username: string;
  readonly global_name?: string | null | undefined;
}

function displayName(user: NamedUser, nick: string | null | undefined): string {
  return nick || user.global_name || user.username;
}

/**
 * The origin of an interaction. In a thread, the thread is the channel: persona sessions and
 * settings then live in the thread, and thread messages (which name only their own channel)
 * find them.
 */
export function interactionOrigin(interaction: InteractionPayload, scope: ManageScope): Origin {
  const user = interaction.member?.user ?? interaction.user;
  const channel = interaction.channel?.id ?? interaction.channel_id ?? "unknown";
  const permissions = interaction.member?.permissions;
  const server = interaction.guild_id;
  const inServer = server !== undefined;
  // A text channel's parent_id is its category; only a thread's is the channel it belongs to.
  const parent =
    interaction.channel !== undefined && THREAD_TYPES.has(interaction.channel.type)
      ? interaction.channel.parent_id
      : undefined;
  return {
    platform: "discord",
    user: user?.id ?? "unknown",
    ...(user ? { userName: displayName(user, interaction.member?.nick) } : {}),
    ...(inServer ? { server } : { direct: true }),
    channel,
    ...(parent ? { parentChannel: parent } : {}),
    roles: interaction.member?.roles ?? [],
    // Outside a server the user owns what they change: DM settings and state are theirs alone.
    canManage: inServer ? canManageWith(permissions, scope) : true,
    canManageServer: inServer ? canManageWith(permissions, "server") : true,
    canModerate: inServer ? canModerateWith(permissions) : true,
  };
}

/**
 * The origin of a message; messages never change settings, so canManage is false. Messages
 * do not name a thread's parent channel: the caller looks it up and passes it.
 */
export function messageOrigin(message: MessagePayload, parentChannel?: string): Origin {
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
