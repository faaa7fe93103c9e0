import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import {
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
} from "discord.js";
import { ConfigError } from "../../config/index.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { RunningPlatform } from "../platform.js";
import { createRestMessenger } from "./channel-messenger.js";
import { createDiscordRest, stopRest } from "./discord-rest.js";
import { createInteractionHandler } from "./interaction-handler.js";
import { createWebhookResponder } from "./interaction-responder.js";
import { PendingWork } from "./pending-work.js";
import { readLimitedBody } from "./read-body.js";
import { createSignatureVerifier } from "./verify-signature.js";

/** Interactions are small; a component click carries its message, still well under this. */
export const BODY_LIMIT_BYTES = 256 * 1024;
const DRAIN_MS = 10_000;

export interface DiscordHttpOptions {
  readonly port: number;
  readonly host?: string;
}

export interface DiscordHttpPlatform extends RunningPlatform {
  /** The bound port (useful with port 0). */
  readonly port: number;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function parseInteraction(body: Buffer): APIInteraction | null {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    const shaped =
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as { type?: unknown }).type === "number";
    return shaped ? (parsed as APIInteraction) : null;
  } catch {
    return null;
  }
}

/** Writes the initial interaction response and resolves once it is handed to the socket. */
function answerWith(response: ServerResponse, body: APIInteractionResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error("the connection closed before the initial response"));
    response.once("close", closed);
    const text = JSON.stringify(body);
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text, () => {
      response.off("close", closed);
      resolve();
    });
  });
}

/**
 * The HTTP interactions endpoint, `POST /interactions`: verifies Discord's signature, answers
 * PING, and hands every other interaction to the shared handler, whose deferral is the HTTP
 * response. Edits and follow-ups go out through the REST API.
 */
export async function startDiscordHttp(
  runtime: Runtime,
  options: DiscordHttpOptions,
): Promise<DiscordHttpPlatform> {
  const discord = runtime.config.discord;
  if (!discord?.publicKey) {
    throw new ConfigError([
      "DISCORD_PUBLIC_KEY is not set. Fix: set it to the application's public key from the Developer Portal (General Information) to run `vsbot discord --http`.",
    ]);
  }
  const { logger } = runtime;
  const rest = createDiscordRest(discord);
  const verifySignature = createSignatureVerifier(discord.publicKey);
  const handle = createInteractionHandler({
    chat: runtime.chat,
    messenger: createRestMessenger(rest),
    logger,
  });
  const pending = new PendingWork();

  const receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const receivedAt = performance.now();
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/interactions") return sendJson(response, 404, { error: "not found" });
    if (request.method !== "POST") return sendJson(response, 405, { error: "use POST" });
    const body = await readLimitedBody(request, BODY_LIMIT_BYTES);
    if (body === null) {
      response.once("finish", () => request.destroy());
      return sendJson(response, 413, { error: "body too large" });
    }
    const check = verifySignature({
      signature: request.headers["x-signature-ed25519"]?.toString(),
      timestamp: request.headers["x-signature-timestamp"]?.toString(),
      body,
    });
    if (!check.valid) {
      logger.debug("discord.http_rejected", { reason: check.reason });
      return sendJson(response, 401, { error: "invalid request signature" });
    }
    const interaction = parseInteraction(body);
    if (!interaction) return sendJson(response, 400, { error: "body is not an interaction" });
    if (interaction.type === InteractionType.Ping) {
      return sendJson(response, 200, { type: InteractionResponseType.Pong });
    }
    let answered = false;
    const responder = createWebhookResponder(rest, interaction, (initial) => {
      answered = true;
      return answerWith(response, initial);
    });
    pending.track(
      handle(interaction, responder, receivedAt).finally(() => {
        if (!answered) sendJson(response, 400, { error: "unsupported interaction" });
      }),
    );
  };

  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => {
      logger.error("discord.http_failed", { error });
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info("discord.http_listening", { port, path: "/interactions" });
  return {
    name: "discord-http",
    port,
    ready: () => server.listening,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pending.drain(DRAIN_MS);
      stopRest(rest);
    },
  };
}
