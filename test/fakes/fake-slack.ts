/**
 * A fake Slack on 127.0.0.1: the Web API (`/api/<method>`), `response_url` targets
 * (`/response/<id>`) and Socket Mode (`/socket`). The real Bolt app and its WebClient talk to it
 * over HTTP, so every call is recorded exactly as Slack would receive it. It keeps each
 * channel's messages (what the bot posts, and what `remember` adds: the harness adds every
 * event it delivers) and lists them as conversations.replies and conversations.history do,
 * oldest first and newest first, paged by cursor.
 *
 * ```ts
 * const slack = await startFakeSlack();
 * // config: SLACK_API_URL=slack.apiUrl, SLACK_BOT_TOKEN=slack.botToken
 * const [post] = await slack.waitForCalls("chat.postMessage", 1);
 * post.args.blocks; post.response.ts;
 * await slack.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeSocketMode } from "./fake-slack-socket.js";

export interface SlackApiCall {
  /** e.g. "chat.postMessage". */
  readonly method: string;
  /** Form or JSON arguments; JSON-encoded form values (blocks) are decoded. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The bearer token from the Authorization header, else the `token` argument. */
  readonly token: string | undefined;
  readonly contentType: string;
  /** What the fake answered. */
  readonly response: Readonly<Record<string, unknown>>;
  /** Date.now() on arrival. */
  readonly at: number;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
  readonly isAdmin?: boolean;
  readonly isOwner?: boolean;
}

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  readonly users?: readonly FakeSlackUser[];
}

export const FAKE_TEAM_ID = "T0FAKE";
export const FAKE_BOT_USER_ID = "U0BOT";
export const FAKE_BOT_ID = "B0BOT";

/** A message as the fake keeps it, in Slack's own shape. */
export interface FakeSlackMessage {
  readonly ts: string;
  readonly thread_ts?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly subtype?: string;
  readonly text?: string;
  readonly blocks?: readonly unknown[];
}

/** A file someone shared, as files.info and files.list describe it. */
export interface FakeSlackFile {
  readonly id: string;
  readonly name: string;
  readonly mimetype: string;
  readonly user: string;
  /** Channels it is shared in. */
  readonly channels: readonly string[];
  readonly content: Uint8Array | string;
}

/** A file the bot uploaded (files.uploadV2: an upload URL, then completeUploadExternal). */
export interface FakeSlackUpload {
  readonly fileId: string;
  readonly filename: string;
  /** The uploaded request body as text (the file's bytes, as the client sent them). */
  readonly content: string;
  readonly channel?: string;
  readonly threadTs?: string;
  readonly initialComment?: string;
}

export interface FakeSlack {
  /** Ends in "/api/", ready for SLACK_API_URL. */
  readonly apiUrl: string;
  readonly origin: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly calls: readonly SlackApiCall[];
  readonly responses: readonly ResponseUrlPost[];
  readonly socket: FakeSocketMode;
  /** Adds a message to a channel, as if it had been written there. */
  remember(channel: string, message: FakeSlackMessage): void;
  /** A channel's messages, oldest first. */
  messages(channel: string): FakeSlackMessage[];
  /** Shares a file, served (to the bot token only) at its url_private_download. */
  addFile(file: FakeSlackFile): void;
  /** Files the bot uploaded and completed, in order. */
  uploads(): FakeSlackUpload[];
  /** A response_url the fake records posts to. */
  responseUrl(id: string): string;
  callsTo(method: string): SlackApiCall[];
  /** Answers `{ ok: false, error }` to `method`, `times` times (default: until `reset`). */
  fail(method: string, error: string, times?: number): void;
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<SlackApiCall[]>;
  waitForResponses(count: number, timeoutMs?: number): Promise<ResponseUrlPost[]>;
  reset(): void;
  close(): Promise<void>;
}

/** Methods that take the app-level token rather than the bot token. */
const APP_TOKEN_METHODS = new Set(["apps.connections.open"]);

function decodeValue(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function parseArgs(contentType: string, text: string): Record<string, unknown> {
  if (text.length === 0) return {};
  if (contentType.includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) args[key] = decodeValue(value);
  return args;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? "xoxb-test";
  const appToken = options.appToken ?? "xapp-test";
  const users = new Map((options.users ?? []).map((user) => [user.id, user]));
  const calls: SlackApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const failures = new Map<string, { error: string; remaining: number }>();
  const listeners = new Set<() => void>();
  const socket = new FakeSocketMode("/socket");
  const stored = new Map<string, FakeSlackMessage[]>();
  const files: FakeSlackFile[] = [];
  const uploadBodies = new Map<string, { filename: string; content: string }>();
  const uploads: FakeSlackUpload[] = [];
  let uploadCounter = 0;
  let origin = "";
  let tsCounter = 0;
  const fileView = (file: FakeSlackFile) => {
    const size =
      typeof file.content === "string" ? Buffer.byteLength(file.content) : file.content.byteLength;
    return {
      id: file.id,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      user: file.user,
      size,
      channels: file.channels,
      url_private: `${origin}/files-pri/${FAKE_TEAM_ID}-${file.id}/${encodeURIComponent(file.name)}`,
      url_private_download: `${origin}/files-pri/${FAKE_TEAM_ID}-${file.id}/download/${encodeURIComponent(file.name)}`,
    };
  };

  const compareTs = (left: string, right: string): number => {
    const [leftSeconds = "0", leftFraction = ""] = left.split(".");
    const [rightSeconds = "0", rightFraction = ""] = right.split(".");
    return (
      Number(leftSeconds) - Number(rightSeconds) ||
      Number(leftFraction.padEnd(9, "0")) - Number(rightFraction.padEnd(9, "0"))
    );
  };
  const remember = (channel: string, message: FakeSlackMessage): void => {
    const list = stored.get(channel) ?? [];
    stored.set(channel, list);
    const known = list.findIndex((item) => item.ts === message.ts);
    if (known >= 0) list[known] = message;
    else list.push(message);
    list.sort((left, right) => compareTs(left.ts, right.ts));
  };
  /** One page of a listing, by a cursor that is the offset of its first item. */
  const page = (items: FakeSlackMessage[], args: Record<string, unknown>) => {
    const limit = Math.min(1000, Math.max(1, Number(args.limit ?? 100) || 100));
    const offset = Number(String(args.cursor ?? "").replace(/^offset:/, "")) || 0;
    const slice = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    return {
      ok: true,
      messages: slice,
      has_more: more,
      response_metadata: { next_cursor: more ? `offset:${offset + limit}` : "" },
    };
  };
  const within = (message: FakeSlackMessage, args: Record<string, unknown>): boolean => {
    const inclusive = args.inclusive === true || args.inclusive === "true";
    const latest = typeof args.latest === "string" ? args.latest : undefined;
    const oldest = typeof args.oldest === "string" ? args.oldest : undefined;
    if (
      latest &&
      (inclusive ? compareTs(message.ts, latest) > 0 : compareTs(message.ts, latest) >= 0)
    )
      return false;
    if (
      oldest &&
      (inclusive ? compareTs(message.ts, oldest) < 0 : compareTs(message.ts, oldest) <= 0)
    )
      return false;
    return true;
  };

  /** Later than every message the fake knows, as a new message's ts is on Slack. */
  const nextTs = (): string => {
    tsCounter += 1;
    let latest = `${1_700_000_000 + tsCounter}.${String(tsCounter).padStart(6, "0")}`;
    for (const list of stored.values()) {
      const last = list.at(-1);
      if (last && compareTs(last.ts, latest) >= 0) latest = last.ts;
    }
    const [seconds = "0", fraction = "0"] = latest.split(".");
    const next = Number(fraction.padEnd(6, "0").slice(0, 6)) + 1;
    return next > 999_999
      ? `${Number(seconds) + 1}.000000`
      : `${seconds}.${String(next).padStart(6, "0")}`;
  };
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      return { ok: false, error: failure.error };
    }
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake-team.slack.com/",
          team: "Fake Team",
          user: "vsbot",
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      case "chat.postMessage": {
        const ts = nextTs();
        remember(String(args.channel), {
          ts,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          user: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          text: String(args.text ?? ""),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        });
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: {
            type: "message",
            user: FAKE_BOT_USER_ID,
            bot_id: FAKE_BOT_ID,
            text: args.text,
            ts,
            ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          },
        };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.update": {
        const channel = String(args.channel);
        const known = stored.get(channel)?.find((message) => message.ts === args.ts);
        if (known) {
          remember(channel, {
            ...known,
            text: String(args.text ?? ""),
            ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          });
        }
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      }
      case "chat.delete": {
        const list = stored.get(String(args.channel)) ?? [];
        const index = list.findIndex((message) => message.ts === args.ts);
        if (index >= 0) list.splice(index, 1);
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case "conversations.replies": {
        const thread = String(args.ts ?? "");
        const list = (stored.get(String(args.channel)) ?? []).filter(
          (message) =>
            (message.ts === thread || message.thread_ts === thread) && within(message, args),
        );
        if (!list.some((message) => message.ts === thread)) {
          return { ok: false, error: "thread_not_found" };
        }
        return page(list, args);
      }
      case "conversations.history": {
        const list = (stored.get(String(args.channel)) ?? [])
          .filter(
            (message) =>
              (message.thread_ts === undefined ||
                message.thread_ts === message.ts ||
                message.subtype === "thread_broadcast") &&
              within(message, args),
          )
          .reverse();
        return page(list, args);
      }
      case "assistant.threads.setStatus":
      case "assistant.threads.setSuggestedPrompts":
      case "assistant.threads.setTitle":
        return { ok: true };
      case "users.info": {
        const user = users.get(String(args.user));
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: FAKE_TEAM_ID,
            name: user.name,
            real_name: user.name,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            is_primary_owner: false,
            is_bot: false,
            profile: { display_name: user.displayName ?? "", real_name: user.name },
          },
        };
      }
      case "files.info": {
        const file = files.find((candidate) => candidate.id === args.file);
        return file ? { ok: true, file: fileView(file) } : { ok: false, error: "file_not_found" };
      }
      case "files.list": {
        const listed = files
          .filter(
            (file) =>
              (args.user === undefined || file.user === args.user) &&
              (args.channel === undefined || file.channels.includes(String(args.channel))),
          )
          .reverse()
          .slice(0, Number(args.count ?? 100) || 100);
        return { ok: true, files: listed.map(fileView) };
      }
      case "files.getUploadURLExternal": {
        uploadCounter += 1;
        const fileId = `F0UP${String(uploadCounter).padStart(6, "0")}`;
        uploadBodies.set(fileId, { filename: String(args.filename ?? ""), content: "" });
        return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const listed = (Array.isArray(args.files) ? args.files : []) as {
          id: string;
          title?: string;
        }[];
        for (const item of listed) {
          const body = uploadBodies.get(item.id);
          if (!body) return { ok: false, error: "file_not_found" };
          uploads.push({
            fileId: item.id,
            filename: body.filename,
            content: body.content,
            ...(typeof args.channel_id === "string" ? { channel: args.channel_id } : {}),
            ...(typeof args.thread_ts === "string" ? { threadTs: args.thread_ts } : {}),
            ...(typeof args.initial_comment === "string"
              ? { initialComment: args.initial_comment }
              : {}),
          });
        }
        return { ok: true, files: listed.map((item) => ({ id: item.id, title: item.title })) };
      }
      case "apps.connections.open":
        return { ok: true, url: `${socket.url}?ticket=fake-ticket` };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const text = await readBody(request);
    const contentType = request.headers["content-type"] ?? "";
    if (request.method === "POST" && path.startsWith("/response/")) {
      const body = contentType.includes("json")
        ? (JSON.parse(text) as Record<string, unknown>)
        : {};
      responses.push({
        id: decodeURIComponent(path.slice("/response/".length)),
        body,
        at: Date.now(),
      });
      notify();
      sendJson(response, 200, { ok: true });
      return;
    }
    if (request.method === "GET" && path.startsWith("/files-pri/")) {
      const id = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(path)?.[1];
      const file = files.find((candidate) => candidate.id === id);
      if (request.headers.authorization !== `Bearer ${botToken}`) {
        // Slack answers a download without the token with its sign-in page, not the file.
        response.writeHead(302, { location: "https://slack.com/signin" });
        response.end();
        return;
      }
      if (!file) return sendJson(response, 404, { ok: false, error: "file_not_found" });
      response.writeHead(200, { "content-type": file.mimetype });
      response.end(typeof file.content === "string" ? file.content : Buffer.from(file.content));
      return;
    }
    if (request.method === "POST" && path.startsWith("/upload/")) {
      const body = uploadBodies.get(path.slice("/upload/".length));
      if (!body) return sendJson(response, 404, { ok: false, error: "not_found" });
      body.content = text;
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(`OK - ${text.length}`);
      return;
    }
    if (request.method !== "POST" || !path.startsWith("/api/")) {
      sendJson(response, 404, { ok: false, error: "not_found" });
      return;
    }
    const method = path.slice("/api/".length);
    const args = parseArgs(contentType, text);
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
    const expected = APP_TOKEN_METHODS.has(method) ? appToken : botToken;
    const result = token === expected ? answer(method, args) : { ok: false, error: "invalid_auth" };
    calls.push({ method, args, token, contentType, response: result, at: Date.now() });
    notify();
    sendJson(response, 200, result);
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  socket.attach(server, origin);

  const until = <T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> => {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      listeners.add(listener);
    });
  };
  const callsTo = (method: string) => calls.filter((call) => call.method === method);

  return {
    apiUrl: `${origin}/api/`,
    origin,
    botToken,
    appToken,
    calls,
    responses,
    socket,
    remember,
    messages: (channel) => [...(stored.get(channel) ?? [])],
    addFile: (file) => {
      files.push(file);
    },
    uploads: () => [...uploads],
    responseUrl: (id) => `${origin}/response/${encodeURIComponent(id)}`,
    callsTo,
    fail: (method, error, times = Number.POSITIVE_INFINITY) => {
      failures.set(method, { error, remaining: times });
    },
    waitForCalls: (method, count, timeoutMs = 10_000) =>
      until(
        () => {
          const matching = callsTo(method);
          return matching.length >= count ? matching : undefined;
        },
        `${count} call(s) to ${method}`,
        timeoutMs,
      ),
    waitForResponses: (count, timeoutMs = 10_000) =>
      until(
        () => (responses.length >= count ? [...responses] : undefined),
        `${count} response_url post(s)`,
        timeoutMs,
      ),
    reset: () => {
      calls.length = 0;
      stored.clear();
      responses.length = 0;
      failures.clear();
    },
    close: async () => {
      await socket.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
