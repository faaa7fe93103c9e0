/**
 * What Slack sends an app, built and signed as Slack does: slash commands and block_actions as
 * application/x-www-form-urlencoded, Events API callbacks as JSON, each signed with
 * `v0=` HMAC-SHA256 of `v0:{timestamp}:{rawBody}` under the app's signing secret.
 */
import { createHmac } from "node:crypto";
import { httpPost } from "../helpers/http-post.js";
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID, type FakeSlackMessage } from "./fake-slack.js";

export interface SlackAppRequest {
  readonly contentType: string;
  readonly body: string;
}

export interface SignOptions {
  readonly secret: string;
  /** Unix seconds; defaults to now. */
  readonly timestamp?: number;
  /** Sent as X-Slack-Retry-Num, as Slack does on redelivery. */
  readonly retryNum?: number;
  /** Replaces the computed signature (to send a bad one). */
  readonly signature?: string;
}

export interface AppResponse {
  readonly status: number;
  readonly text: string;
  /** Date.now() when the response (the ack) arrived. */
  readonly ackedAt: number;
  /** Milliseconds from sending to the complete response. */
  readonly elapsedMs: number;
}

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/** POSTs a signed request to the app, the way Slack delivers it. */
export async function postToApp(
  url: string,
  request: SlackAppRequest,
  options: SignOptions,
): Promise<AppResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature":
      options.signature ?? slackSignature(options.secret, timestamp, request.body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const started = performance.now();
  const response = await httpPost(url, headers, request.body);
  const { text } = response;
  return {
    status: response.status,
    text,
    ackedAt: Date.now(),
    elapsedMs: performance.now() - started,
  };
}

let triggerCounter = 0;

export function nextTriggerId(): string {
  triggerCounter += 1;
  return `${1000 + triggerCounter}.${2000 + triggerCounter}.fake${triggerCounter.toString(16)}`;
}

export interface SlashCommandFields {
  readonly command: string;
  readonly text?: string;
  readonly responseUrl: string;
  readonly user?: string;
  readonly userName?: string;
  readonly channel?: string;
  readonly triggerId?: string;
}

export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: FAKE_TEAM_ID,
    team_domain: "fake-team",
    channel_id: fields.channel ?? "C0GENERAL",
    channel_name: "general",
    user_id: fields.user ?? "U0ALICE",
    user_name: fields.userName ?? "alice",
    command: fields.command,
    text: fields.text ?? "",
    api_app_id: "A0FAKEAPP",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? nextTriggerId(),
  };
}

export function slashCommandRequest(fields: SlashCommandFields): SlackAppRequest {
  return {
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams(slashCommandPayload(fields)).toString(),
  };
}

export interface ButtonClickFields {
  readonly actionId: string;
  readonly value: string;
  /** The clicked message. */
  readonly messageTs: string;
  /** Its thread, when it is a reply in one. */
  readonly threadTs?: string;
  readonly responseUrl: string;
  readonly user?: string;
  readonly userName?: string;
  readonly channel?: string;
  readonly triggerId?: string;
}

let actionCounter = 0;

export function buttonClickPayload(fields: ButtonClickFields): Record<string, unknown> {
  actionCounter += 1;
  const channel = fields.channel ?? "C0GENERAL";
  const user = fields.user ?? "U0ALICE";
  const thread = fields.threadTs ? { thread_ts: fields.threadTs } : {};
  return {
    type: "block_actions",
    user: {
      id: user,
      username: fields.userName ?? "alice",
      name: fields.userName ?? "alice",
      team_id: FAKE_TEAM_ID,
    },
    api_app_id: "A0FAKEAPP",
    token: "legacy-verification-token",
    container: {
      type: "message",
      message_ts: fields.messageTs,
      channel_id: channel,
      is_ephemeral: false,
      ...thread,
    },
    trigger_id: fields.triggerId ?? nextTriggerId(),
    team: { id: FAKE_TEAM_ID, domain: "fake-team" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: "general" },
    message: {
      type: "message",
      user: FAKE_BOT_USER_ID,
      ts: fields.messageTs,
      text: "an answer",
      ...thread,
    },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: "vs-actions",
        text: { type: "plain_text", text: "More like this", emoji: true },
        value: fields.value,
        type: "button",
        action_ts: `${1_700_000_000 + actionCounter}.${String(actionCounter).padStart(6, "0")}`,
      },
    ],
  };
}

export function buttonClickRequest(fields: ButtonClickFields): SlackAppRequest {
  return {
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ payload: JSON.stringify(buttonClickPayload(fields)) }).toString(),
  };
}

export interface MessageEventFields {
  readonly text: string;
  readonly ts: string;
  readonly threadTs?: string;
  readonly user?: string;
  readonly channel?: string;
  /** "app_mention" for a mention of the bot; defaults to "message". */
  readonly type?: "message" | "app_mention";
  readonly eventId?: string;
  readonly botId?: string;
  readonly subtype?: string;
  /** "im" for a DM (the default for channels starting with D), else "channel". */
  readonly channelType?: string;
}

let eventCounter = 0;

export function eventCallbackPayload(fields: MessageEventFields): Record<string, unknown> {
  eventCounter += 1;
  const event = {
    type: fields.type ?? "message",
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
    user: fields.user ?? "U0ALICE",
    text: fields.text,
    ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
    team: FAKE_TEAM_ID,
    channel: fields.channel ?? "C0GENERAL",
    event_ts: fields.ts,
    channel_type: fields.channelType ?? ((fields.channel ?? "").startsWith("D") ? "im" : "channel"),
  };
  return eventEnvelope(event, fields.eventId);
}

/** The Events API envelope around one event, numbered by the latest `eventCounter`. */
function eventEnvelope(event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: FAKE_TEAM_ID,
    api_app_id: "A0FAKEAPP",
    event,
    type: "event_callback",
    event_id: eventId ?? `Ev0FAKE${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: FAKE_TEAM_ID,
        user_id: FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function eventCallbackRequest(fields: MessageEventFields): SlackAppRequest {
  return { contentType: "application/json", body: JSON.stringify(eventCallbackPayload(fields)) };
}

/** The message an event delivers, as Slack then lists it in the channel. */
export function messageOf(fields: MessageEventFields): FakeSlackMessage {
  return {
    ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    user: fields.user ?? "U0ALICE",
    ...(fields.botId ? { bot_id: fields.botId } : {}),
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
    text: fields.text,
  };
}

export interface AssistantThreadFields {
  /** The user's DM with the app, where the pane's threads live. */
  readonly channel: string;
  readonly threadTs: string;
  readonly user?: string;
  readonly eventId?: string;
}

/** assistant_thread_started: the user opened a new thread in the assistant pane. */
export function assistantThreadStartedPayload(
  fields: AssistantThreadFields,
): Record<string, unknown> {
  eventCounter += 1;
  return eventEnvelope(
    {
      type: "assistant_thread_started",
      assistant_thread: {
        user_id: fields.user ?? "U0ALICE",
        context: { channel_id: "C0GENERAL", team_id: FAKE_TEAM_ID, enterprise_id: null },
        channel_id: fields.channel,
        thread_ts: fields.threadTs,
      },
      event_ts: fields.threadTs,
    },
    fields.eventId,
  );
}

/** The buttons of a recorded chat.postMessage (or chat.update), by action_id. */
export function buttonsOf(args: Readonly<Record<string, unknown>>): Map<string, string> {
  const buttons = new Map<string, string>();
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Record<string, unknown>[]) : [];
  for (const block of blocks) {
    if (block.type !== "actions" || !Array.isArray(block.elements)) continue;
    for (const element of block.elements as Record<string, unknown>[]) {
      if (typeof element.action_id === "string" && typeof element.value === "string") {
        buttons.set(element.action_id, element.value);
      }
    }
  }
  return buttons;
}

/** The mrkdwn texts of the section blocks of a recorded message, in order. */
export function sectionTexts(args: Readonly<Record<string, unknown>>): string[] {
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Record<string, unknown>[]) : [];
  return blocks
    .filter((block) => block.type === "section")
    .map((block) => String((block.text as { text?: unknown } | undefined)?.text ?? ""));
}

/** Every text of a recorded message: fallback text, sections and context lines. */
export function allTextOf(args: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ text: args.text, blocks: args.blocks });
}
