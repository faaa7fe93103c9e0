/** One earlier message of a conversation, as a platform read it. */
export interface HistoryMessage {
  /** Who wrote it, as people see them named. */
  readonly speaker: string;
  /** Tells apart people who share a name; the speaker's name when absent. */
  readonly speakerId?: string;
  /** Written by this bot: it enters the model request as the assistant's own turn. */
  readonly fromBot: boolean;
  /** Plain text as a person reads it: mentions as @names, markup entities decoded. */
  readonly text: string;
}

/**
 * Reads the conversation before a message, oldest first: its reply chain, its thread, its DM.
 * `wantedTokens` (as estimateTokens counts them) is how much the caller can use, so a platform
 * may stop paging once it holds that much; it may return more, never messages after the one
 * answered. What it cannot read (a deleted message, a missing permission) it leaves out: it
 * returns what it has rather than fail.
 */
export type HistorySource = (wantedTokens: number) => Promise<readonly HistoryMessage[]>;
