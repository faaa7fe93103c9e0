import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../engine/ports.js";
import { readLimitedBody } from "../read-body.js";
import { checkSlackBody } from "./payload-schemas.js";

/** Slack's own payloads are small; Bolt's default limit is 10 MB, far more than needed. */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** Requests signed further than this from now, either way, are replays or a broken clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
const BODY_TIMEOUT_MS = 10_000;

export interface SlackGateOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Bolt's HTTPReceiver.requestListener: gets only signed bodies, checked and re-encoded. */
  readonly forward: (request: IncomingMessage, response: ServerResponse) => void;
  readonly now?: () => number;
}

export interface SlackGate {
  readonly server: Server;
  /** From now on new requests get 503, so a stopping process takes no new work. */
  refuseNewWork(): void;
}

function answer(response: ServerResponse, status: number, text = ""): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "text/plain" });
  response.end(text);
}

function signatureMatches(secret: string, timestamp: string, body: Buffer, given: string): boolean {
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex")}`;
  const left = Buffer.from(expected);
  const right = Buffer.from(given);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The HTTP server in front of Bolt's receiver, at POST /slack/events and GET /healthz. It
 * checks the signature and a timestamp within 5 minutes of now in either direction (Bolt
 * checks only the past), then the body's shape; only then does Bolt see the request, with
 * its body already read. Everything else gets a 4xx here, so a request cannot end up as an
 * exception inside Bolt, where nothing would catch it.
 */
export function createSlackGate(options: SlackGateOptions): SlackGate {
  const { logger } = options;
  const now = options.now ?? Date.now;
  let refusing = false;

  const receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/healthz" && request.method === "GET") return answer(response, 200, "ok");
    if (path !== "/slack/events") return answer(response, 404, "not found");
    if (request.method !== "POST") return answer(response, 405, "use POST");
    if (refusing) {
      response.setHeader("connection", "close");
      return answer(response, 503, "restarting");
    }
    const body = await readLimitedBody(request, BODY_LIMIT_BYTES).catch(() => undefined);
    if (body === undefined) {
      request.destroy();
      return;
    }
    if (body === null) return answer(response, 413, "body too large");
    const timestamp = request.headers["x-slack-request-timestamp"];
    const signature = request.headers["x-slack-signature"];
    if (typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp)) {
      return answer(response, 401, "missing or malformed timestamp");
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
      logger.debug("slack.http_rejected", { reason: "stale", timestamp });
      return answer(response, 401, "timestamp too far from now");
    }
    if (
      typeof signature !== "string" ||
      !signatureMatches(options.signingSecret, timestamp, body, signature)
    ) {
      logger.debug("slack.http_rejected", { reason: "signature" });
      return answer(response, 401, "invalid signature");
    }
    const verdict = checkSlackBody(request.headers["content-type"], body.toString("utf8"));
    if (verdict.kind === "invalid") {
      logger.info("slack.http_malformed", { problem: verdict.problem });
      return answer(response, 400, `malformed request: ${verdict.problem}`);
    }
    // Acknowledged, and of no concern to vsbot (other event types, other apps' actions).
    if (verdict.kind === "ignore") return answer(response, 200);
    // Bolt reads a body already buffered on the request instead of the stream: the checked
    // one. Its own signature check is off, since that body is no longer the signed bytes.
    (request as IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.from(verdict.body);
    request.headers["content-type"] = verdict.contentType;
    options.forward(request, response);
  };

  const server = createServer((request, response) => {
    request.setTimeout(BODY_TIMEOUT_MS, () => request.destroy());
    receive(request, response).catch((error: unknown) => {
      logger.error("slack.http_failed", { url: request.url, error });
      answer(response, 500, "internal error");
    });
  });
  server.on("clientError", (error, socket) => {
    logger.debug("slack.http_client_error", { error });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });
  return {
    server,
    refuseNewWork: () => {
      refusing = true;
    },
  };
}
