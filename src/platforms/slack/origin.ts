import type { Origin } from "../../app/types.js";

export interface SlackActor {
  readonly user: string;
  readonly userName?: string | undefined;
  readonly team?: string | undefined;
  readonly channel: string;
  readonly thread?: string | undefined;
  readonly canManage?: boolean;
  /** Workspace admins and owners may end or replace anyone's persona. */
  readonly canModerate?: boolean;
}

/**
 * Slack ids as vsbot's Origin: server is the team (workspace), thread the root message's ts
 * (so the channel is already the thread's parent). Direct message channels start with D.
 * Slack has no roles. Its admins and owners manage channels and the workspace alike.
 */
export function slackOrigin(actor: SlackActor): Origin {
  return {
    platform: "slack",
    user: actor.user,
    ...(actor.userName ? { userName: actor.userName } : {}),
    ...(actor.team ? { server: actor.team } : {}),
    channel: actor.channel,
    ...(actor.thread ? { thread: actor.thread } : {}),
    ...(actor.channel.startsWith("D") ? { direct: true } : {}),
    canManage: actor.canManage ?? false,
    canModerate: actor.canModerate ?? false,
    // Direct messages (D…) keep their settings and personas to the one user.
    ...(actor.channel.startsWith("D") ? { direct: true } : {}),
  };
}
