import type { SlashCommand } from "@slack/bolt";
import { plainFromSlack } from "./incoming-text.js";

/** The parts of a slash command payload vsbot uses. */
export interface SlashInvocation {
  /** As typed, with its slash: "/joke". */
  readonly command: string;
  /** The text after the command, as plain text. */
  readonly text: string;
  readonly user: string;
  readonly userName: string;
  readonly team: string;
  readonly channel: string;
  /** Unique per invocation, and the same on Slack's retries of it. */
  readonly triggerId: string;
}

export function slashInvocation(payload: SlashCommand): SlashInvocation {
  return {
    command: payload.command,
    text: plainFromSlack(payload.text ?? ""),
    user: payload.user_id,
    userName: payload.user_name,
    team: payload.team_id,
    channel: payload.channel_id,
    triggerId: payload.trigger_id,
  };
}
