/**
 * A fake Slack on 127.0.0.1: the Web API (`/api/<method>`), `response_url` targets
 * (`/response/<id>`) and Socket Mode (`/socket`). The real Bolt app and its WebClient talk to it
 * over HTTP, so every call is recorded exactly as Slack would receive it.
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

export interface FakeSlack {
  /** Ends in "/api/", ready for SLACK_API_URL. */
  readonly apiUrl: string;
  readonly origin: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly calls: readonly SlackApiCall[];
  readonly responses: readonly ResponseUrlPost[];
  readonly socket: FakeSocketMode;
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
  let tsCounter = 0;

  const nextTs = (): string => {
    tsCounter += 1;
    return `${1_700_000_000 + tsCounter}.${String(tsCounter).padStart(6, "0")}`;
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
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.delete":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "assistant.threads.setStatus":
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
  const origin = `http://127.0.0.1:${port}`;
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
