/**
 * Channel webhooks for the fake Discord: create and list them on a channel, execute them
 * (with `username`, `avatar_url`, `thread_id` and `wait`), and edit their messages, as
 * Discord does. Creating or listing needs Manage Webhooks, which a test can take away; a
 * token that does not match, or a webhook deleted meanwhile, is 10015 "Unknown Webhook".
 */
import type { ServerResponse } from "node:http";

export interface FakeWebhook {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly name: string;
  readonly applicationId: string;
}

/** What the webhook routes borrow from the fake Discord around them. */
export interface WebhookRouteContext {
  readonly applicationId: string;
  readonly botUser: Readonly<Record<string, unknown>>;
  readonly snowflake: () => string;
  /** The message fields the fakes never vary. */
  readonly messageDefaults: () => Record<string, unknown>;
  readonly send: (response: ServerResponse, status: number, body?: unknown) => void;
  readonly error: (code: number, message: string, errors?: unknown) => Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: validating untrusted JSON.
  readonly messageProblem: (body: any, editing: boolean) => Record<string, unknown> | null;
  /** The thread's parent channel, or undefined when the id is not a known thread. */
  readonly parentOf: (channelId: string) => string | undefined;
  /** Stores, records and (when echoing) dispatches a new message; returns it. */
  readonly post: (message: Record<string, unknown> & { id: string; channel_id: string }) => void;
  readonly find: (channelId: string, id: string) => Record<string, unknown> | undefined;
  readonly replace: (message: Record<string, unknown> & { id: string; channel_id: string }) => void;
}

export interface WebhookRoutes {
  /** Answers the request when it is a channel-webhook route; false leaves it to the others. */
  handle(
    method: string,
    path: string,
    query: string,
    // biome-ignore lint/suspicious/noExplicitAny: routing untrusted JSON.
    body: any,
    response: ServerResponse,
  ): boolean;
  webhooks(): FakeWebhook[];
  /** Whether the bot has Manage Webhooks (everywhere); on by default. */
  setManageWebhooks(allowed: boolean): void;
  /** Deletes a webhook, as a server admin would. */
  deleteWebhook(id: string): void;
  reset(): void;
}

const NAME_LIMIT = 80;

/** Discord refuses these words in webhook and username overrides. */
function forbiddenName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes("clyde") || lower.includes("discord");
}

function nameProblem(name: unknown, required: boolean): string | null {
  if (name === undefined && !required) return null;
  if (typeof name !== "string" || name.length < 1 || name.length > NAME_LIMIT) {
    return `Must be between 1 and ${NAME_LIMIT} in length.`;
  }
  if (forbiddenName(name)) return 'Username cannot contain "clyde" or "discord".';
  return null;
}

export function createWebhookRoutes(context: WebhookRouteContext): WebhookRoutes {
  const webhooks = new Map<string, FakeWebhook>();
  let manageWebhooks = true;

  const view = (webhook: FakeWebhook) => ({
    id: webhook.id,
    type: 1,
    channel_id: webhook.channelId,
    name: webhook.name,
    avatar: null,
    token: webhook.token,
    application_id: webhook.applicationId,
    user: context.botUser,
  });

  const missingPermissions = (response: ServerResponse) =>
    context.send(response, 403, context.error(50013, "Missing Permissions"));

  /** Where an execute or edit lands: the webhook's channel, or one of its threads. */
  const target = (webhook: FakeWebhook, query: string): string | null => {
    const thread = new URLSearchParams(query).get("thread_id");
    if (thread === null) return webhook.channelId;
    return context.parentOf(thread) === webhook.channelId ? thread : null;
  };

  const handle: WebhookRoutes["handle"] = (method, path, query, body, response) => {
    let match = /^\/channels\/(\d+)\/webhooks$/.exec(path);
    if (match) {
      const channelId = match[1] ?? "";
      if (!manageWebhooks) {
        missingPermissions(response);
        return true;
      }
      if (method === "GET") {
        const listed = [...webhooks.values()].filter((item) => item.channelId === channelId);
        context.send(response, 200, listed.map(view));
        return true;
      }
      if (method === "POST") {
        const problem = nameProblem(body?.name, true);
        if (problem) {
          context.send(
            response,
            400,
            context.error(50035, "Invalid Form Body", {
              name: { _errors: [{ message: problem }] },
            }),
          );
          return true;
        }
        const webhook: FakeWebhook = {
          id: context.snowflake(),
          token: `webhook-token-${context.snowflake()}`,
          channelId,
          name: body.name,
          applicationId: context.applicationId,
        };
        webhooks.set(webhook.id, webhook);
        context.send(response, 200, view(webhook));
        return true;
      }
      return false;
    }
    match = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(\d+))?$/.exec(path);
    const webhook = match ? webhooks.get(match[1] ?? "") : undefined;
    // Interaction webhooks share the path shape; those go on to their own routes.
    if (!match || (!webhook && match[1] === context.applicationId)) return false;
    if (!webhook || webhook.token !== match[2]) {
      context.send(response, 404, context.error(10015, "Unknown Webhook"));
      return true;
    }
    const channelId = target(webhook, query);
    if (channelId === null) {
      context.send(
        response,
        400,
        context.error(220001, "Webhook can only post in its channel's threads"),
      );
      return true;
    }
    const messageId = match[3];
    if (messageId === undefined && method === "POST") {
      const problem =
        context.messageProblem(body, false) ??
        (nameProblem(body?.username, false) === null
          ? null
          : context.error(50035, "Invalid Form Body", { username: "bad username" }));
      if (problem) {
        context.send(response, 400, problem);
        return true;
      }
      const username = typeof body?.username === "string" ? body.username : webhook.name;
      const message = {
        ...context.messageDefaults(),
        id: context.snowflake(),
        channel_id: channelId,
        content: typeof body?.content === "string" ? body.content : "",
        components: Array.isArray(body?.components) ? body.components : [],
        author: {
          id: webhook.id,
          username,
          avatar: null,
          discriminator: "0000",
          bot: true,
        },
        webhook_id: webhook.id,
        application_id: webhook.applicationId,
        // Not a Discord field: the avatar the execute asked for, for tests to read back.
        avatar_url: typeof body?.avatar_url === "string" ? body.avatar_url : null,
      };
      context.post(message);
      const wait = new URLSearchParams(query).get("wait") === "true";
      context.send(response, wait ? 200 : 204, wait ? message : undefined);
      return true;
    }
    if (messageId !== undefined && (method === "PATCH" || method === "GET")) {
      const found = context.find(channelId, messageId);
      if (!found || found.webhook_id !== webhook.id) {
        context.send(response, 404, context.error(10008, "Unknown Message"));
        return true;
      }
      if (method === "GET") {
        context.send(response, 200, found);
        return true;
      }
      const problem = context.messageProblem(body, true);
      if (problem) {
        context.send(response, 400, problem);
        return true;
      }
      const edited = {
        ...found,
        id: messageId,
        channel_id: channelId,
        ...(typeof body?.content === "string" ? { content: body.content } : {}),
        ...(Array.isArray(body?.components) ? { components: body.components } : {}),
        edited_timestamp: new Date().toISOString(),
      };
      context.replace(edited);
      context.send(response, 200, edited);
      return true;
    }
    return false;
  };

  return {
    handle,
    webhooks: () => [...webhooks.values()],
    setManageWebhooks: (allowed) => {
      manageWebhooks = allowed;
    },
    deleteWebhook: (id) => {
      webhooks.delete(id);
    },
    reset: () => {
      webhooks.clear();
      manageWebhooks = true;
    },
  };
}
