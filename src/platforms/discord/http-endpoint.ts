import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { type APIInteractionResponse, InteractionResponseType } from "discord.js";
import { ConfigError } from "../../config/index.js";
import type { Runtime } from "../../runtime/runtime.js";
import { systemClock } from "../../runtime/system.js";
import { InFlight } from "../in-flight.js";
import type { RunningPlatform, StopOptions } from "../platform.js";
import { readLimitedBody } from "../read-body.js";
import { attachmentHosts } from "./attachment-file.js";
import { createRestMessenger } from "./channel-messenger.js";
import { discordReplayGuard } from "./discord-replays.js";
import { createDiscordRest, createInteractionRest, stopRest } from "./discord-rest.js";
import { createInteractionHandler, type InteractionOutcome } from "./interaction-handler.js";
import { checkInteraction } from "./interaction-payload.js";
import { createWebhookResponder } from "./interaction-responder.js";
import { createPersonaWebhooks, placeOf } from "./persona-webhooks.js";
import { sendReplies } from "./send-replies.js";
import { createSignatureVerifier } from "./verify-signature.js";

/** Interactions are small; a component click carries its message, still well under this. */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** How long a request may take to arrive in full; a trickling client is cut off. */
const BODY_TIMEOUT_MS = 10_000;

export interface DiscordHttpOptions {
  readonly port: number;
  readonly host?: string;
}

export interface DiscordHttpPlatform extends RunningPlatform {
  /** The bound port (useful with port 0). */
  readonly port: number;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
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

/** The HTTP answer when the handler did not defer: why it did nothing. */
const UNANSWERED: Readonly<Record<InteractionOutcome, readonly [number, string]>> = {
  answered: [400, "not answered"],
  ignored: [400, "unsupported interaction"],
  duplicate: [409, "interaction already received"],
};

/**
 * The HTTP interactions endpoint, `POST /interactions`: verifies Discord's signature, checks
 * the body's shape, answers PING, refuses replays, and hands every other interaction to the
 * shared handler, whose deferral is the HTTP response. Edits and follow-ups go out through
 * the REST API. Every failure is a 4xx with a reason or a logged error: nothing a client
 * sends can stop the process.
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
  const interactionRest = createInteractionRest(discord);
  const verifySignature = createSignatureVerifier(discord.publicKey);
  const inFlight = new InFlight();
  const messenger = createRestMessenger(rest);
  const personas = createPersonaWebhooks({
    rest,
    messenger,
    store: runtime.store,
    logger,
    clock: systemClock,
    applicationId: () => discord.applicationId,
  });
  runtime.chat.setSceneOutlet("discord", async (origin, replies) => {
    await sendReplies({ messenger, personas }, placeOf(origin), replies, {
      direct: origin.direct === true,
    });
  });
  const handle = createInteractionHandler({
    chat: runtime.chat,
    messenger,
    personas,
    logger,
    replays: discordReplayGuard(runtime.store, logger),
    inFlight,
    fileHosts: attachmentHosts(discord.apiBaseUrl),
  });
  let stopping = false;

  const receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const receivedAt = performance.now();
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/interactions") return sendJson(response, 404, { error: "not found" });
    if (request.method !== "POST") return sendJson(response, 405, { error: "use POST" });
    if (stopping) {
      response.setHeader("connection", "close");
      return sendJson(response, 503, { error: "restarting" });
    }
    const body = await readLimitedBody(request, BODY_LIMIT_BYTES).catch(() => undefined);
    // The client went away (or timed out) mid-body: nobody is left to answer.
    if (body === undefined) {
      request.destroy();
      return;
    }
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
    const payload = checkInteraction(parseJson(body));
    if (payload.kind === "invalid") {
      logger.info("discord.http_malformed", { problem: payload.problem });
      return sendJson(response, 400, { error: `body is not an interaction: ${payload.problem}` });
    }
    if (payload.kind === "ping")
      return sendJson(response, 200, { type: InteractionResponseType.Pong });
    if (payload.kind === "unsupported") {
      return sendJson(response, 400, { error: "unsupported interaction" });
    }
    const { interaction } = payload;
    let answered = false;
    const responder = createWebhookResponder(interactionRest, interaction, (initial) => {
      answered = true;
      return answerWith(response, initial);
    });
    const outcome = await handle(interaction, responder, receivedAt);
    if (!answered) {
      const [status, reason] = UNANSWERED[outcome];
      sendJson(response, status, { error: reason });
    }
  };

  const server = createServer((request, response) => {
    request.setTimeout(BODY_TIMEOUT_MS, () => request.destroy());
    receive(request, response).catch((error: unknown) => {
      logger.error("discord.http_failed", { url: request.url, error });
      sendJson(response, 500, { error: "internal error" });
    });
  });
  server.on("clientError", (error, socket) => {
    logger.debug("discord.http_client_error", { error });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
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
    stop: async (stopOptions?: StopOptions) => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const outcome = await inFlight.settle(
        stopOptions?.graceMs ?? 10_000,
        stopOptions?.noticeMs ?? 3000,
        logger,
      );
      logger.info("discord.http_stopped", { ...outcome });
      server.closeAllConnections();
      await closed;
      stopRest(rest);
      stopRest(interactionRest);
    },
  };
}
