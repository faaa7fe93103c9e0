import type { HistorySource } from "./conversation/history.js";

export { type InboundFile, isInboundFile } from "../command-kit/inbound-file.js";

/** Where an event came from, in platform-neutral terms. */
export interface Origin {
  readonly platform: "console" | "discord" | "slack";
  readonly user: string;
  /** A display name for transcripts; falls back to the user id. */
  readonly userName?: string;
  /** Discord guild or Slack team; absent in DMs and the console. */
  readonly server?: string;
  readonly channel: string;
  readonly thread?: string;
  /**
   * The channel a thread belongs to, where the platform makes threads channels of their own
   * (Discord); access lists treat a thread as its parent channel.
   */
  readonly parentChannel?: string;
  /** The user's role ids where the platform has roles (Discord; empty in DMs); else absent. */
  readonly roles?: readonly string[];
  /** A direct message: its settings and state belong to this user alone, never to all DMs. */
  readonly direct?: boolean;
  /** Whether the platform says this user may manage the channel (changes /vs settings). */
  readonly canManage: boolean;
  /**
   * Whether the user may moderate conversations here: end or replace a persona someone else
   * started (Discord: Manage Threads or Manage Channels; Slack: a workspace admin or owner).
   */
  readonly canModerate?: boolean;
  /** Whether the platform says this user may manage the whole server (sees /vs usage); canManage when absent. */
  readonly canManageServer?: boolean;
}

export type Inbound =
  | {
      readonly type: "command";
      readonly origin: Origin;
      readonly name: string;
      readonly subcommand?: string;
      /** Structured options (Discord, the JSON console); values are validated by the command. */
      readonly options?: Readonly<Record<string, unknown>>;
      /** Free text after the command (Slack, the console), parsed into options. */
      readonly text?: string;
    }
  | { readonly type: "button"; readonly origin: Origin; readonly id: string }
  | {
      readonly type: "message";
      readonly origin: Origin;
      readonly text: string;
      /**
       * Meant for the bot: a mention of it, a reply to one of its messages, a direct message,
       * a message in a thread where it talks. Where no persona is active, only these get a
       * reply (chat); the rest are not answered, nor refused.
       */
      readonly addressed?: boolean;
      /** The conversation before this message, read only when it is answered as chat. */
      readonly history?: HistorySource;
      /**
       * Where a persona is active: the adapter already asked `personaAnswers` (which may
       * draw for talkativeness) and it said yes, so the core does not decide again.
       */
      readonly triggered?: boolean;
    };

/** A file to send with a reply (a card export): Discord attaches it, Slack uploads it. */
export interface ReplyFile {
  readonly name: string;
  readonly contentType: string;
  readonly text: string;
}

export interface Button {
  /** At most 100 characters (Discord's custom_id limit). */
  readonly id: string;
  readonly label: string;
  readonly style: "primary" | "secondary";
}

export interface ReplyMeta {
  readonly probability?: number;
  readonly modelCalls: number;
  readonly tailId?: string;
  readonly remaining?: number;
  readonly store: string;
  readonly model: string;
  readonly demo: boolean;
  /** The offline demo's notice, which every demo reply carries. */
  readonly notice?: string;
  readonly warnings?: readonly string[];
  readonly [extra: string]: unknown;
}

/** Who a persona reply speaks as: the platform posts with this name and avatar. */
export interface ReplyVoice {
  /** Safe to post: one line, no mentions or markup. */
  readonly name: string;
  /** A public https image URL (Discord webhook avatar_url, Slack icon_url). */
  readonly avatarUrl?: string;
  /** The persona session's key, so a platform can keep per-persona state (webhooks). */
  readonly persona: string;
}

/** One message to send, rendered by each platform in its own way. */
export interface Reply {
  readonly kind: "answer" | "list" | "chart" | "info";
  /** The content: an answer, a numbered list, a chart. Plain text with light markdown. */
  readonly body: string;
  /** A short line under the body: probability, what is left, the demo notice. */
  readonly footer?: string;
  readonly buttons: readonly Button[];
  /** Visible only to the user who asked, where the platform allows. */
  readonly private: boolean;
  /** Append to the message a button was clicked on, rather than post a new one. */
  readonly continues?: boolean;
  /** Replace the message a button was clicked on (a persona's swipe), rather than post a new one. */
  readonly replaces?: boolean;
  /** A file that goes with the message. */
  readonly file?: ReplyFile;
  /** Post under a persona's own name and face, where the platform allows. */
  readonly voice?: ReplyVoice;
  readonly meta: ReplyMeta;
}
