/**
 * A fake Discord on loopback for tests and benchmarks: the REST API (every request recorded)
 * and a gateway websocket, enough of both for the real discord.js Client and @discordjs/rest.
 *
 * ```ts
 * const discord = await startFakeDiscord({ token: "bot-token" });
 * // DISCORD_API_BASE_URL = discord.apiBaseUrl; the bot's GET /gateway/bot finds discord.gatewayUrl
 * await discord.waitForSession();
 * discord.dispatchInteraction(slashCommand(context, "joke"));
 * const edit = await discord.waitForRequest((request) => request.method === "PATCH");
 * ```
 *
 * Like Discord, it answers 10062 "Unknown interaction" to a callback more than 3 s after the
 * interaction was dispatched, refuses webhook calls for interactions never acknowledged,
 * rejects messages over 2000 characters (50035) and echoes channel messages back over the
 * gateway as MESSAGE_CREATE. It keeps every channel's messages (those dispatched, those the
 * bot sent, interaction responses, and any `remember`ed), answers GET for one message or a
 * page of them, and turns a send with `message_reference` into a reply (type 19) carrying
 * `referenced_message`, as Discord does. Channel webhooks (fake-discord-webhooks.ts) can be
 * created, listed, executed with a username, avatar and thread_id, and their messages edited;
 * the bot's own channel messages can be edited too. With `rateLimits` it also answers with Discord's
 * rate-limit headers and 429s (see fake-discord-rate-limits.ts) and counts clients that
 * ignore them.
 */
import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { type WebSocket, WebSocketServer } from "ws";
import {
  createRateLimiter,
  type FakeRateLimits,
  type RateLimitStats,
} from "./fake-discord-rate-limits.js";
import { createWebhookRoutes, type FakeWebhook } from "./fake-discord-webhooks.js";

export type { FakeWebhook } from "./fake-discord-webhooks.js";

export interface FakeDiscordOptions {
  /** The bot token bot-authenticated routes expect (`Authorization: Bot <token>`). */
  readonly token?: string;
  readonly applicationId?: string;
  readonly botUserId?: string;
  readonly botUsername?: string;
  /** Enforce the interaction lifecycle (3 s window, acknowledge before webhooks). Default on. */
  readonly strictInteractions?: boolean;
  /** Send messages created in channels back as MESSAGE_CREATE, as Discord does. Default on. */
  readonly echoMessages?: boolean;
  /** `shards` in GET /gateway/bot. */
  readonly recommendedShards?: number;
  /** `session_start_limit.max_concurrency` of GET /gateway/bot: shards that may identify at once. */
  readonly maxConcurrency?: number;
  readonly heartbeatIntervalMs?: number;
  /** Delay before every REST answer. */
  readonly latencyMs?: number;
  /** Per-route buckets, unannounced 429s and the bot-wide limit, as Discord applies them. */
  readonly rateLimits?: FakeRateLimits;
}

export interface RecordedDiscordRequest {
  readonly method: string;
  /** Without the `/api/v10` prefix, e.g. `/interactions/1/abc/callback`. */
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are whatever the bot sent.
  readonly body: any;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
  /** The status the fake answered with, once it has answered. */
  readonly status: () => number | undefined;
}

export interface IdentifyRecord {
  readonly query: string;
  readonly token: string;
  readonly intents: number;
  readonly shard: readonly [number, number];
  readonly compress: unknown;
  /** performance.now() when it arrived. */
  readonly at: number;
}

/** What a user sees of one interaction: the original response and its follow-ups. */
export interface WebhookMessage {
  readonly id: string;
  readonly content: string;
  // biome-ignore lint/suspicious/noExplicitAny: components as the bot sent them.
  readonly components: readonly any[];
  readonly ephemeral: boolean;
  readonly deleted: boolean;
  readonly original: boolean;
}

export interface ChannelMessage {
  readonly id: string;
  readonly channelId: string;
  readonly content: string;
  // biome-ignore lint/suspicious/noExplicitAny: components as the bot sent them.
  readonly components: readonly any[];
  /** For messages sent through a channel webhook: the webhook, and the name and avatar used. */
  readonly webhookId?: string;
  readonly username?: string;
  readonly avatarUrl?: string | null;
}

export interface FakeThread {
  readonly id: string;
  readonly parentId: string;
  readonly name: string;
  readonly type: number;
}

/** A canned REST answer for the next request that matches, e.g. a 429 with Retry-After. */
export interface InjectedResponse {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface FakeGuild {
  readonly id: string;
  readonly name?: string;
  readonly channels?: readonly {
    readonly id: string;
    readonly name: string;
    readonly type?: number;
  }[];
}

export interface FakeDiscord {
  /** For DISCORD_API_BASE_URL, like Discord's `https://discord.com/api`. */
  readonly apiBaseUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly requests: readonly RecordedDiscordRequest[];
  readonly identifies: readonly IdentifyRecord[];
  /** Heartbeats (op 1) received, each answered with an ACK (op 11). */
  readonly heartbeats: () => number;
  readonly threads: readonly FakeThread[];
  /** Resolves once `count` gateway sessions got READY. */
  waitForSession(count?: number, timeoutMs?: number): Promise<void>;
  /** Sends a dispatch (op 0) to every ready session, or to the guild's shard; returns when it left. */
  dispatch(event: string, data: unknown): number;
  /** Dispatches INTERACTION_CREATE and starts the interaction's 3 s clock. */
  dispatchInteraction(interaction: {
    readonly id: string;
    readonly token: string;
    readonly channel_id?: string;
    readonly message?: { readonly id: string };
  }): number;
  /** A thread that exists already, as GET /channels/<id> will describe it. */
  addThread(thread: FakeThread): void;
  /** Adds a message to its channel's history without dispatching it (earlier conversation). */
  remember(message: StoredMessage): void;
  /** A channel's messages as GET would list them, oldest first. */
  storedMessages(channelId: string): StoredMessage[];
  guildCreate(guild: FakeGuild): void;
  waitForRequest(
    predicate: (request: RecordedDiscordRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedDiscordRequest>;
  waitForRequests(
    predicate: (request: RecordedDiscordRequest) => boolean,
    count: number,
    timeoutMs?: number,
  ): Promise<RecordedDiscordRequest[]>;
  injectResponse(response: InjectedResponse): void;
  webhookMessages(token: string): WebhookMessage[];
  /** Channel webhooks created by the bot (not interaction webhooks). */
  channelWebhooks(): FakeWebhook[];
  /** Whether the bot has Manage Webhooks; on by default and after reset. */
  setManageWebhooks(allowed: boolean): void;
  /** Deletes a channel webhook, as a server admin would. */
  deleteWebhook(id: string): void;
  channelMessages(channelId: string): ChannelMessage[];
  /**
   * Hosts a file as Discord's CDN would, for an attachment option: returns what the
   * interaction's `resolved.attachments` carries (its id is the option's value).
   */
  hostAttachment(
    name: string,
    content: Uint8Array | string,
    contentType?: string,
  ): {
    readonly id: string;
    readonly filename: string;
    readonly size: number;
    readonly url: string;
    readonly content_type?: string;
  };
  /** When the bot acknowledged an interaction (callback recorded), by interaction id. */
  acknowledgedAt(interactionId: string): number | undefined;
  /** 429s sent and requests that came too early, since the start or the last reset. */
  rateLimitStats(): RateLimitStats;
  reset(): void;
  close(): Promise<void>;
}

const DISCORD_EPOCH = 1420070400000n;
const MESSAGE_LIMIT = 2000;
const EPHEMERAL = 64;
let sequence = 0n;

/** The fields of a message object that the fakes never vary. */
export function messageDefaults() {
  return {
    type: 0,
    embeds: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    components: [],
    flags: 0,
  };
}

/** A snowflake as Discord makes them: 18-19 digits, increasing. */
export function snowflake(): string {
  sequence += 1n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + (sequence % 4096n)).toString();
}

/** A message as the fake keeps it: a Discord message object. */
export interface StoredMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly content: string;
  // biome-ignore lint/suspicious/noExplicitAny: the rest of a message object, as sent.
  readonly [field: string]: any;
}

interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly dispatchedAt: number;
  /** Where its responses appear, and the message whose button was clicked. */
  readonly channelId?: string | undefined;
  readonly clickedMessageId?: string | undefined;
  acknowledgedAt?: number;
  /** Acknowledged with type 6 (deferred update): @original is the clicked message. */
  updatesClicked?: boolean;
  flags: number;
  messages: {
    id: string;
    content: string;
    // biome-ignore lint/suspicious/noExplicitAny: components as sent.
    components: any[];
    ephemeral: boolean;
    deleted: boolean;
    original: boolean;
  }[];
}

interface Session {
  readonly socket: WebSocket;
  readonly shard: readonly [number, number];
  sequence: number;
  ready: boolean;
}

function discordError(code: number, message: string, errors?: unknown): Record<string, unknown> {
  return { code, message, ...(errors === undefined ? {} : { errors }) };
}

// biome-ignore lint/suspicious/noExplicitAny: validating untrusted JSON.
function messageProblem(body: any, editing: boolean): Record<string, unknown> | null {
  const content = typeof body?.content === "string" ? body.content : "";
  if (content.length > MESSAGE_LIMIT) {
    return discordError(50035, "Invalid Form Body", {
      content: {
        _errors: [
          { code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MESSAGE_LIMIT} or fewer in length.` },
        ],
      },
    });
  }
  const rows: unknown[] = Array.isArray(body?.components) ? body.components : [];
  const ids = new Set<string>();
  // biome-ignore lint/suspicious/noExplicitAny: validating untrusted JSON.
  for (const row of rows as any[]) {
    const buttons: unknown[] = Array.isArray(row?.components) ? row.components : [];
    if (row?.type !== 1 || buttons.length === 0 || buttons.length > 5 || rows.length > 5) {
      return discordError(50035, "Invalid Form Body", { components: "bad action row" });
    }
    // biome-ignore lint/suspicious/noExplicitAny: validating untrusted JSON.
    for (const button of buttons as any[]) {
      const id = String(button?.custom_id ?? "");
      const label = String(button?.label ?? "");
      if (
        button?.type !== 2 ||
        id.length < 1 ||
        id.length > 100 ||
        ids.has(id) ||
        label.length > 80
      ) {
        return discordError(50035, "Invalid Form Body", { components: "bad button" });
      }
      ids.add(id);
    }
  }
  if (!editing && content.length === 0 && rows.length === 0 && !body?.embeds?.length) {
    return discordError(50006, "Cannot send an empty message");
  }
  return null;
}

/** A file a request uploaded (multipart), as the fake keeps it on the body's `files`. */
export interface UploadedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly text: string;
}

/** A JSON body, or a multipart one (uploads): its payload_json, with the files on `files`. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const type = request.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(Buffer.concat(chunks), {
      headers: { "content-type": type },
    }).formData();
    const payload = form.get("payload_json");
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") continue;
      files.push({ field, name: value.name, contentType: value.type, text: await value.text() });
    }
    const parsed = typeof payload === "string" ? (JSON.parse(payload) as object) : {};
    return { ...parsed, files };
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { unparsable: text };
  }
}

function send(response: ServerResponse, status: number, body?: unknown, headers = {}): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status === 200 && body === undefined ? 204 : status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(text);
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? "100000000000000001";
  const botUserId = options.botUserId ?? "100000000000000002";
  const botUser = {
    id: botUserId,
    username: options.botUsername ?? "vsbot",
    discriminator: "0",
    global_name: null,
    avatar: null,
    bot: true,
  };
  const strict = options.strictInteractions ?? true;
  const requests: RecordedDiscordRequest[] = [];
  const identifies: IdentifyRecord[] = [];
  const threads: FakeThread[] = [];
  const interactions = new Map<string, InteractionState>();
  const interactionsByToken = new Map<string, InteractionState>();
  const rateLimiter = options.rateLimits ? createRateLimiter(options.rateLimits) : undefined;
  const channelMessages: ChannelMessage[] = [];
  const hosted = new Map<string, { readonly data: Uint8Array; readonly contentType: string }>();
  const stored = new Map<string, StoredMessage[]>();
  const injected: InjectedResponse[] = [];
  const sessions = new Set<Session>();
  const waiters = new Set<() => void>();
  const guilds: FakeGuild[] = [];
  const registered = new Map<string, Map<string, string>>();
  let heartbeats = 0;
  let base = "";
  let gatewayUrl = "";

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const rememberInteraction = (state: InteractionState): void => {
    interactions.set(state.id, state);
    interactionsByToken.set(state.token, state);
  };

  const byToken = (token: string) => interactionsByToken.get(token);

  const remember = (message: StoredMessage): void => {
    const channel = stored.get(message.channel_id) ?? [];
    stored.set(message.channel_id, channel);
    const known = channel.findIndex((item) => item.id === message.id);
    if (known >= 0) channel[known] = message;
    else channel.push(message);
    channel.sort((left, right) => (BigInt(left.id) < BigInt(right.id) ? -1 : 1));
  };
  const findStored = (channelId: string, id: string): StoredMessage | undefined =>
    stored.get(channelId)?.find((message) => message.id === id);
  /** What REST gives of a stored message: no `member`, which only the gateway sends. */
  const restView = (message: StoredMessage) => {
    const { member: _member, ...rest } = message;
    return rest;
  };

  /** An interaction's public response, kept in its channel as Discord shows it. */
  const rememberResponse = (
    state: InteractionState,
    message: { id: string; content: string; components: unknown[] },
  ): void => {
    if (!state.channelId) return;
    remember({
      ...messageDefaults(),
      id: message.id,
      channel_id: state.channelId,
      content: message.content,
      components: message.components,
      author: { ...botUser, id: applicationId },
      webhook_id: applicationId,
      application_id: applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.clickedMessageId ? 3 : 2,
        ...(state.clickedMessageId ? { interacted_message_id: state.clickedMessageId } : {}),
      },
    });
  };

  const webhookState = (token: string): InteractionState => {
    const known = byToken(token);
    if (known) return known;
    const created: InteractionState = {
      id: snowflake(),
      token,
      dispatchedAt: performance.now(),
      flags: 0,
      messages: [],
    };
    rememberInteraction(created);
    return created;
  };

  const dispatchTo = (session: Session, event: string, data: unknown): void => {
    session.sequence += 1;
    session.socket.send(JSON.stringify({ op: 0, t: event, s: session.sequence, d: data }));
  };

  const shardFor = (data: unknown, count: number): number | undefined => {
    const guildId = (data as { guild_id?: unknown } | null)?.guild_id;
    if (typeof guildId !== "string" || count <= 1) return undefined;
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  };

  const dispatch = (event: string, data: unknown): number => {
    const message = data as Partial<StoredMessage> | null;
    if (
      event === "MESSAGE_CREATE" &&
      typeof message?.id === "string" &&
      /^\d+$/.test(message.id) &&
      typeof message.channel_id === "string" &&
      /^\d+$/.test(message.channel_id) &&
      typeof message.content === "string"
    ) {
      if (!findStored(message.channel_id, message.id)) remember(message as StoredMessage);
    }
    for (const session of sessions) {
      if (!session.ready) continue;
      const shard = shardFor(data, session.shard[1]);
      if (shard !== undefined && shard !== session.shard[0]) continue;
      dispatchTo(session, event, data);
    }
    return performance.now();
  };

  const guildPayload = (guild: FakeGuild) => ({
    id: guild.id,
    name: guild.name ?? "Fake guild",
    icon: null,
    owner_id: "100000000000000009",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: "en-US",
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    members: [],
    voice_states: [],
    presences: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    channels: (guild.channels ?? []).map((channel, position) => ({
      id: channel.id,
      type: channel.type ?? 0,
      name: channel.name,
      position,
      permission_overwrites: [],
      guild_id: guild.id,
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    })),
  });

  const identify = (socket: WebSocket, query: string, data: Record<string, unknown>): void => {
    const shard = (Array.isArray(data.shard) ? data.shard : [0, 1]) as [number, number];
    identifies.push({
      query,
      token: String(data.token ?? ""),
      intents: Number(data.intents ?? 0),
      shard,
      compress: data.compress,
      at: performance.now(),
    });
    if (options.token !== undefined && data.token !== options.token) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    const session: Session = { socket, shard, sequence: 0, ready: false };
    sessions.add(session);
    socket.once("close", () => sessions.delete(session));
    const mine = guilds.filter(
      (guild) => (shardFor({ guild_id: guild.id }, shard[1]) ?? 0) === shard[0],
    );
    dispatchTo(session, "READY", {
      v: 10,
      user: botUser,
      guilds: mine.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: randomBytes(8).toString("hex"),
      resume_gateway_url: gatewayUrl,
      shard,
      application: { id: applicationId, flags: 0 },
    });
    session.ready = true;
    for (const guild of mine) dispatchTo(session, "GUILD_CREATE", guildPayload(guild));
    notify();
  };

  const onConnection = (socket: WebSocket, request: IncomingMessage): void => {
    const query = (request.url ?? "").split("?")[1] ?? "";
    socket.send(
      JSON.stringify({ op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 } }),
    );
    socket.on("message", (raw) => {
      let payload: { op?: number; d?: unknown };
      try {
        payload = JSON.parse(raw.toString()) as { op?: number; d?: unknown };
      } catch {
        socket.close(4002, "Error while decoding payload.");
        return;
      }
      if (payload.op === 1) {
        heartbeats += 1;
        socket.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 2)
        identify(socket, query, (payload.d ?? {}) as Record<string, unknown>);
      else if (payload.op === 6) socket.send(JSON.stringify({ op: 9, d: false }));
    });
  };

  const botMessage = (channelId: string, body: Record<string, unknown>, webhook: boolean) => ({
    ...messageDefaults(),
    id: snowflake(),
    channel_id: channelId,
    content: typeof body.content === "string" ? body.content : "",
    author: webhook ? { ...botUser, id: applicationId } : botUser,
    ...(webhook ? { webhook_id: applicationId, application_id: applicationId } : {}),
    components: Array.isArray(body.components) ? body.components : [],
    flags: typeof body.flags === "number" ? body.flags : 0,
  });

  const webhookRoutes = createWebhookRoutes({
    applicationId,
    botUser,
    snowflake,
    messageDefaults,
    send,
    error: discordError,
    messageProblem,
    parentOf: (channelId) => threads.find((thread) => thread.id === channelId)?.parentId,
    post: (message) => {
      remember(message as unknown as StoredMessage);
      channelMessages.push({
        id: message.id,
        channelId: message.channel_id,
        content: String(message.content ?? ""),
        components: (message.components as unknown[]) ?? [],
        webhookId: String(message.webhook_id),
        username: String((message.author as { username?: unknown }).username),
        avatarUrl: (message.avatar_url as string | null) ?? null,
      });
      if (options.echoMessages ?? true) dispatch("MESSAGE_CREATE", message);
    },
    find: (channelId, id) => findStored(channelId, id),
    replace: (message) => {
      remember(message as unknown as StoredMessage);
      const index = channelMessages.findIndex((item) => item.id === message.id);
      const known = channelMessages[index];
      if (known) {
        channelMessages[index] = {
          ...known,
          content: String(message.content ?? ""),
          components: (message.components as unknown[]) ?? [],
        };
      }
    },
  });

  const requiresBotAuth = (path: string) =>
    !path.startsWith("/interactions/") &&
    !path.startsWith("/webhooks/") &&
    !path.startsWith("/attachments/");

  const route = (
    method: string,
    path: string,
    query: string,
    // biome-ignore lint/suspicious/noExplicitAny: routing untrusted JSON.
    body: any,
    response: ServerResponse,
  ) => {
    let match: RegExpExecArray | null;
    if (webhookRoutes.handle(method, path, query, body, response)) return;
    if (method === "GET" && path === "/gateway/bot") {
      return send(response, 200, {
        url: gatewayUrl,
        shards: options.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: options.maxConcurrency ?? 1,
        },
      });
    }
    if (method === "GET" && path === "/gateway") return send(response, 200, { url: gatewayUrl });
    match = /^\/attachments\/(\d+)\/[^/]+$/.exec(path);
    if (method === "GET" && match) {
      const file = hosted.get(match[1] ?? "");
      if (!file) return send(response, 404, discordError(0, "404: Not Found"));
      response.writeHead(200, {
        "content-type": file.contentType,
        "content-length": String(file.data.byteLength),
      });
      response.end(Buffer.from(file.data));
      return;
    }
    if (method === "GET" && path === "/users/@me") return send(response, 200, botUser);
    if (method === "GET" && path === "/applications/@me") {
      return send(response, 200, { id: applicationId, name: "vsbot", verify_key: "0".repeat(64) });
    }
    if (method === "POST" && path === "/users/@me/channels") {
      const recipient = String(body?.recipient_id ?? "");
      return send(response, 200, {
        id: `9${recipient.slice(1)}`,
        type: 1,
        recipients: [{ id: recipient }],
      });
    }
    match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (method === "PATCH" && match) {
      const found = findStored(match[1] ?? "", match[2] ?? "");
      if (!found || found.author?.id !== botUserId) {
        return send(
          response,
          found ? 403 : 404,
          discordError(found ? 50005 : 10008, "Cannot edit"),
        );
      }
      const problem = messageProblem(body, true);
      if (problem) return send(response, 400, problem);
      const edited = {
        ...found,
        ...(typeof body?.content === "string" ? { content: body.content } : {}),
        ...(Array.isArray(body?.components) ? { components: body.components } : {}),
        edited_timestamp: new Date().toISOString(),
      };
      remember(edited);
      const index = channelMessages.findIndex((item) => item.id === edited.id);
      const listed = channelMessages[index];
      if (listed) {
        channelMessages[index] = {
          ...listed,
          content: edited.content,
          components: edited.components,
        };
      }
      return send(response, 200, restView(edited));
    }
    if (method === "GET" && match) {
      const found = findStored(match[1] ?? "", match[2] ?? "");
      return found
        ? send(response, 200, restView(found))
        : send(response, 404, discordError(10008, "Unknown Message"));
    }
    match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "GET" && match) {
      const params = new URLSearchParams(query);
      const limit = Math.min(100, Math.max(1, Number(params.get("limit") ?? 50) || 50));
      const before = params.get("before");
      const page = (stored.get(match[1] ?? "") ?? [])
        .filter((message) => before === null || BigInt(message.id) < BigInt(before))
        .slice(-limit)
        .reverse()
        .map(restView);
      return send(response, 200, page);
    }
    match = /^\/channels\/(\d+)$/.exec(path);
    if (method === "GET" && match) {
      const id = match[1] ?? "";
      const thread = threads.find((known) => known.id === id);
      return send(
        response,
        200,
        thread
          ? { id, type: thread.type, parent_id: thread.parentId, name: thread.name }
          : { id, type: 0, name: "general" },
      );
    }
    match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && match) {
      const [, id = "", token = ""] = match;
      let state = interactions.get(id);
      if (!state && strict) return send(response, 404, discordError(10062, "Unknown interaction"));
      if (!state) {
        state = { id, token, dispatchedAt: performance.now(), flags: 0, messages: [] };
        rememberInteraction(state);
      }
      if (state.acknowledgedAt !== undefined) {
        return send(
          response,
          400,
          discordError(40060, "Interaction has already been acknowledged."),
        );
      }
      if (strict && performance.now() - state.dispatchedAt > 3000) {
        return send(response, 404, discordError(10062, "Unknown interaction"));
      }
      state.acknowledgedAt = performance.now();
      state.flags = Number(body?.data?.flags ?? 0);
      if (body?.type === 6 || body?.type === 7) state.updatesClicked = true;
      if (body?.type === 4 || body?.type === 5) {
        const original = {
          id: snowflake(),
          content: String(body?.data?.content ?? ""),
          components: body?.data?.components ?? [],
          ephemeral: (state.flags & EPHEMERAL) !== 0,
          deleted: false,
          original: true,
        };
        state.messages.push(original);
        if (!original.ephemeral && body?.type === 4) rememberResponse(state, original);
      }
      return send(response, 204);
    }
    match = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (match) {
      const [, app, token = "", original] = match;
      const state = strict ? byToken(token) : webhookState(token);
      if (app !== applicationId || !state || (strict && state.acknowledgedAt === undefined)) {
        return send(response, 404, discordError(10015, "Unknown Webhook"));
      }
      if (original && method === "PATCH") {
        const problem = messageProblem(body, true);
        if (problem) return send(response, 400, problem);
        // After a deferred update, @original is the message whose button was clicked.
        const clicked =
          state.updatesClicked && state.channelId && state.clickedMessageId
            ? findStored(state.channelId, state.clickedMessageId)
            : undefined;
        if (clicked) {
          const edited = {
            ...clicked,
            ...(typeof body?.content === "string" ? { content: body.content } : {}),
            ...(Array.isArray(body?.components) ? { components: body.components } : {}),
            edited_timestamp: new Date().toISOString(),
          };
          remember(edited);
          const listed = channelMessages.findIndex((item) => item.id === clicked.id);
          const known = channelMessages[listed];
          if (known) {
            channelMessages[listed] = {
              ...known,
              content: edited.content,
              components: edited.components ?? [],
            };
          }
          return send(response, 200, restView(edited));
        }
        let message = state.messages.find((item) => item.original && !item.deleted);
        if (!message) {
          message = {
            id: snowflake(),
            content: "",
            components: [],
            ephemeral: (state.flags & EPHEMERAL) !== 0,
            deleted: false,
            original: true,
          };
          state.messages.push(message);
        }
        if (typeof body?.content === "string") message.content = body.content;
        if (Array.isArray(body?.components)) message.components = body.components;
        if (!message.ephemeral) rememberResponse(state, message);
        return send(
          response,
          200,
          botMessage(state.id, { ...body, content: message.content }, true),
        );
      }
      if (original && method === "DELETE") {
        const message = state.messages.find((item) => item.original && !item.deleted);
        if (!message) return send(response, 404, discordError(10008, "Unknown Message"));
        message.deleted = true;
        return send(response, 204);
      }
      if (!original && method === "POST") {
        const problem = messageProblem(body, false);
        if (problem) return send(response, 400, problem);
        const sent = botMessage(state.id, body ?? {}, true);
        const followUp = {
          id: sent.id,
          content: sent.content,
          components: sent.components,
          ephemeral: (Number(body?.flags ?? 0) & EPHEMERAL) !== 0,
          deleted: false,
          original: false,
        };
        state.messages.push(followUp);
        if (!followUp.ephemeral) rememberResponse(state, followUp);
        return send(response, 200, sent);
      }
    }
    match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "POST" && match) {
      const channelId = match[1] ?? "";
      const problem = messageProblem(body, false);
      if (problem) return send(response, 400, problem);
      const reference = body?.message_reference?.message_id;
      const referenced =
        typeof reference === "string" ? findStored(channelId, reference) : undefined;
      if (
        typeof reference === "string" &&
        !referenced &&
        body?.message_reference?.fail_if_not_exists !== false
      ) {
        return send(
          response,
          400,
          discordError(50035, "Invalid Form Body", { message_reference: "Unknown message" }),
        );
      }
      const sent = {
        ...botMessage(channelId, body ?? {}, false),
        ...(referenced
          ? {
              type: 19,
              message_reference: { type: 0, message_id: referenced.id, channel_id: channelId },
              referenced_message: restView(referenced),
            }
          : {}),
      };
      remember(sent);
      channelMessages.push({
        id: sent.id,
        channelId,
        content: sent.content,
        components: sent.components,
      });
      send(response, 200, sent);
      if (options.echoMessages ?? true) dispatch("MESSAGE_CREATE", sent);
      return;
    }
    match = /^\/channels\/(\d+)\/typing$/.exec(path);
    if (method === "POST" && match) return send(response, 204);
    match = /^\/channels\/(\d+)\/threads$/.exec(path);
    if (method === "POST" && match) {
      const thread: FakeThread = {
        id: snowflake(),
        parentId: match[1] ?? "",
        name: String(body?.name ?? ""),
        type: Number(body?.type ?? 12),
      };
      if (thread.name.length < 1 || thread.name.length > 100) {
        return send(response, 400, discordError(50035, "Invalid Form Body", { name: "1-100" }));
      }
      threads.push(thread);
      return send(response, 201, {
        id: thread.id,
        type: thread.type,
        parent_id: thread.parentId,
        name: thread.name,
        owner_id: botUserId,
        message_count: 0,
        member_count: 1,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body?.auto_archive_duration ?? 4320,
          locked: false,
          archive_timestamp: new Date().toISOString(),
        },
      });
    }
    match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (method === "PUT" && match) {
      const [, app, guild] = match;
      if (app !== applicationId)
        return send(response, 404, discordError(10002, "Unknown Application"));
      if (!Array.isArray(body))
        return send(response, 400, discordError(50035, "Invalid Form Body"));
      const scope = guild ?? "global";
      const ids = registered.get(scope) ?? new Map<string, string>();
      registered.set(scope, ids);
      // biome-ignore lint/suspicious/noExplicitAny: echoing the commands sent.
      const commands = body.map((command: any) => {
        const id = ids.get(command.name) ?? snowflake();
        ids.set(command.name, id);
        return {
          ...command,
          id,
          application_id: applicationId,
          ...(guild ? { guild_id: guild } : {}),
          version: "1",
        };
      });
      return send(response, 200, commands);
    }
    send(response, 404, discordError(0, `404: Not Found (${method} ${path})`));
  };

  const server = createServer((request, response) => {
    const [rawPath = "/", query = ""] = (request.url ?? "/").split("?");
    const at = performance.now();
    readJson(request)
      .then(async (body) => {
        const method = request.method ?? "GET";
        const path = decodeURIComponent(rawPath).replace(/^\/api(\/v\d+)?/, "");
        const status = () => (response.headersSent ? response.statusCode : undefined);
        requests.push({ method, path, query, headers: request.headers, body, at, status });
        // Waiters may look at the status too, so they look again once it is known.
        response.once("finish", notify);
        notify();
        if (options.latencyMs)
          await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        const injectedIndex = injected.findIndex(
          (item) => item.path.test(path) && (item.method === undefined || item.method === method),
        );
        const canned = injectedIndex === -1 ? undefined : injected.splice(injectedIndex, 1)[0];
        if (canned) return send(response, canned.status, canned.body ?? {}, canned.headers ?? {});
        if (
          options.token !== undefined &&
          requiresBotAuth(path) &&
          request.headers.authorization !== `Bot ${options.token}`
        ) {
          return send(response, 401, discordError(0, "401: Unauthorized"));
        }
        const botAuthenticated = request.headers.authorization?.startsWith("Bot ") ?? false;
        const verdict = rateLimiter?.check(method, path, botAuthenticated, performance.now());
        if (verdict?.refusal) return send(response, 429, verdict.refusal.body, verdict.headers);
        for (const [name, value] of Object.entries(verdict?.headers ?? {})) {
          response.setHeader(name, value);
        }
        route(method, path, query, body, response);
      })
      .catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, { message: String(error), code: 0 });
      });
  });
  const sockets = new WebSocketServer({ noServer: true });
  sockets.on("connection", onConnection);
  server.on("upgrade", (request, socket, head) => {
    if (!(request.url ?? "").startsWith("/gateway")) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) =>
      sockets.emit("connection", client, request),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found === undefined) return false;
        waiters.delete(attempt);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(`fake Discord: timed out waiting for ${what}`));
      }, timeoutMs);
      if (!attempt()) waiters.add(attempt);
    });

  return {
    apiBaseUrl: `${base}/api`,
    gatewayUrl,
    port,
    applicationId,
    botUserId,
    requests,
    identifies,
    heartbeats: () => heartbeats,
    threads,
    waitForSession: (count = 1, timeoutMs = 10_000) =>
      waitFor(
        () => ([...sessions].filter((session) => session.ready).length >= count ? true : undefined),
        timeoutMs,
        `${count} gateway session(s)`,
      ).then(() => undefined),
    dispatch,
    dispatchInteraction: (interaction) => {
      rememberInteraction({
        id: interaction.id,
        token: interaction.token,
        dispatchedAt: performance.now(),
        channelId: interaction.channel_id,
        clickedMessageId: interaction.message?.id,
        flags: 0,
        messages: [],
      });
      return dispatch("INTERACTION_CREATE", interaction);
    },
    addThread: (thread) => {
      threads.push(thread);
    },
    remember,
    storedMessages: (channelId) => [...(stored.get(channelId) ?? [])],
    guildCreate: (guild) => {
      guilds.push(guild);
      dispatch("GUILD_CREATE", guildPayload(guild));
    },
    waitForRequest: (predicate, timeoutMs = 10_000) =>
      waitFor(() => requests.find(predicate), timeoutMs, "a matching REST request"),
    waitForRequests: (predicate, count, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const found = requests.filter(predicate);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} matching REST requests`,
      ),
    injectResponse: (response) => {
      injected.push(response);
    },
    channelWebhooks: () => webhookRoutes.webhooks(),
    setManageWebhooks: (allowed) => webhookRoutes.setManageWebhooks(allowed),
    deleteWebhook: (id) => webhookRoutes.deleteWebhook(id),
    webhookMessages: (token) => (byToken(token)?.messages ?? []).map((message) => ({ ...message })),
    channelMessages: (channelId) =>
      channelMessages.filter((message) => message.channelId === channelId),
    hostAttachment: (name, content, contentType = "application/octet-stream") => {
      const id = snowflake();
      const data = typeof content === "string" ? new TextEncoder().encode(content) : content;
      hosted.set(id, { data, contentType });
      return {
        id,
        filename: name,
        size: data.byteLength,
        url: `${base}/attachments/${id}/${encodeURIComponent(name)}`,
        content_type: contentType,
      };
    },
    acknowledgedAt: (interactionId) => interactions.get(interactionId)?.acknowledgedAt,
    rateLimitStats: () => rateLimiter?.stats() ?? { limited: 0, surprises: 0, global: 0, early: 0 },
    reset: () => {
      rateLimiter?.reset();
      webhookRoutes.reset();
      interactionsByToken.clear();
      requests.length = 0;
      stored.clear();
      threads.length = 0;
      channelMessages.length = 0;
      injected.length = 0;
      interactions.clear();
    },
    close: async () => {
      for (const session of sessions) session.socket.terminate();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
