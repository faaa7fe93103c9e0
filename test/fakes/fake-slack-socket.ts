/**
 * A fake Slack Socket Mode server: the real SocketModeClient connects to it (the URL comes from
 * the fake `apps.connections.open`), gets `hello`, receives envelopes and acks them.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface SocketAck {
  readonly envelopeId: string;
  readonly payload: unknown;
  /** Date.now() when the ack arrived. */
  readonly at: number;
}

export interface DeliverOptions {
  readonly envelopeId?: string;
  readonly retryAttempt?: number;
}

let envelopeCounter = 0;

export class FakeSocketMode {
  readonly acks: SocketAck[] = [];
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #listeners = new Set<() => void>();
  readonly #path: string;
  #url = "";

  constructor(path: string) {
    this.#path = path;
    this.#server.on("connection", (socket) => this.#accept(socket));
  }

  /** The ws:// URL `apps.connections.open` hands out. */
  get url(): string {
    return this.#url;
  }

  get openConnections(): number {
    return [...this.#sockets].filter((socket) => socket.readyState === socket.OPEN).length;
  }

  attach(server: Server, origin: string): void {
    this.#url = `${origin.replace(/^http/, "ws")}${this.#path}`;
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!(request.url ?? "").startsWith(this.#path)) {
        socket.destroy();
        return;
      }
      this.#server.handleUpgrade(request, socket, head, (client) => {
        this.#server.emit("connection", client, request);
      });
    });
  }

  /** Sends an envelope on the newest open connection; returns its envelope_id. */
  deliver(type: EnvelopeType, payload: unknown, options: DeliverOptions = {}): string {
    const socket = [...this.#sockets].reverse().find((open) => open.readyState === open.OPEN);
    if (!socket) throw new Error("fake Socket Mode: no open connection to deliver to");
    envelopeCounter += 1;
    const envelopeId = options.envelopeId ?? `envelope-${envelopeCounter}`;
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        ...(options.retryAttempt === undefined
          ? {}
          : { retry_attempt: options.retryAttempt, retry_reason: "timeout" }),
      }),
    );
    return envelopeId;
  }

  async waitForConnection(timeoutMs = 10_000): Promise<void> {
    await this.#until(() => this.openConnections > 0, "a Socket Mode connection", timeoutMs);
  }

  async waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<SocketAck> {
    await this.#until(
      () => this.acks.some((ack) => ack.envelopeId === envelopeId),
      `the ack of ${envelopeId}`,
      timeoutMs,
    );
    return this.acks.find((ack) => ack.envelopeId === envelopeId) as SocketAck;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on("close", () => {
      this.#sockets.delete(socket);
      this.#notify();
    });
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: unknown; payload?: unknown };
      if (typeof message.envelope_id === "string") {
        this.acks.push({
          envelopeId: message.envelope_id,
          payload: message.payload,
          at: Date.now(),
        });
        this.#notify();
      }
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.#sockets.size,
        debug_info: { host: "fake-slack", approximate_connection_time: 18060 },
        connection_info: { app_id: "A0FAKEAPP" },
      }),
    );
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error(`fake Socket Mode: timed out waiting for ${what}`));
      }, timeoutMs);
      this.#listeners.add(listener);
    });
  }
}
