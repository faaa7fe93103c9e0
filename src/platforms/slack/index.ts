import type { AddressInfo } from "node:net";
import { App, webApi } from "@slack/bolt";
import type { Runtime } from "../../runtime/runtime.js";
import { systemClock } from "../../runtime/system.js";
import { AckFirstScheduler } from "../ack-first.js";
import { InFlight } from "../in-flight.js";
import type { RunningPlatform, StopOptions } from "../platform.js";
import { createBoltLogger } from "./bolt-logger.js";
import { slackFileHosts } from "./card-file.js";
import { ChatThreads } from "./chat-threads.js";
import { DeliveryGuard } from "./delivery-guard.js";
import { createSlackGate, type SlackGate } from "./http-gate.js";
import { identifyBot } from "./identify-bot.js";
import { registerListeners } from "./listeners.js";
import { PersonaThreads } from "./persona-threads.js";
import { PersonaVoices } from "./persona-voices.js";
import { createReceiver, type SlackTransport } from "./receiver.js";
import { sendReplies } from "./send-replies.js";
import type { SlackContext } from "./slack-context.js";
import { slackSettings } from "./slack-settings.js";
import { UserDirectory } from "./user-directory.js";

export interface SlackPlatform extends RunningPlatform {
  readonly transport: SlackTransport;
  /** The HTTP receiver's port (the bound one when 0 was asked for); undefined in Socket Mode. */
  readonly port: number | undefined;
  readonly botUserId: string;
  /** Resolves once every reply started so far has been sent, or reported as failed. */
  idle(): Promise<void>;
}

/** Web API calls give up after a few tries rather than the SDK's default half hour. */
const RETRY_CONFIG = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10_000 };

/**
 * `vsbot slack`: a Bolt app on Socket Mode (SLACK_APP_TOKEN) or HTTP (SLACK_SIGNING_SECRET, on
 * `port`), answering every command in commands/ through the runtime's ChatService.
 */
export async function startSlack(
  runtime: Runtime,
  options: { readonly port: number },
): Promise<SlackPlatform> {
  const settings = slackSettings(runtime.config);
  const boltLogger = createBoltLogger(runtime.logger, runtime.config.logLevel);
  const clientOptions = (): webApi.WebClientOptions => ({
    logger: boltLogger,
    retryConfig: RETRY_CONFIG,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
  });
  const client = new webApi.WebClient(settings.botToken, clientOptions());
  const identity = await identifyBot(client);
  const chosen = createReceiver({
    signingSecret: settings.signingSecret,
    appToken: settings.appToken,
    apiUrl: settings.apiUrl,
    logger: boltLogger,
  });
  const { receiver, transport } = chosen;
  const app = new App({
    token: settings.botToken,
    botUserId: identity.botUserId,
    ...(identity.botId ? { botId: identity.botId } : {}),
    receiver,
    logger: boltLogger,
    convoStore: false,
    clientOptions: clientOptions(),
  });
  const work = new AckFirstScheduler();
  const inFlight = new InFlight();
  const context: SlackContext = {
    chat: runtime.chat,
    commands: runtime.commands,
    logger: runtime.logger,
    client,
    deliveries: new DeliveryGuard(runtime.store, runtime.logger),
    users: new UserDirectory(client, runtime.logger, systemClock.now),
    personaThreads: new PersonaThreads(runtime.store, runtime.config.store.personaTtlMs),
    voices: new PersonaVoices(runtime.store),
    fileHosts: slackFileHosts(settings.apiUrl),
    chatThreads: new ChatThreads(runtime.store),
    work,
    inFlight,
    botUserId: identity.botUserId,
    botId: identity.botId,
  };
  registerListeners(app, context);
  // Scene lines go in the scene's thread, each under its persona's voice (sendReplies).
  runtime.chat.setSceneOutlet("slack", async (origin, replies) => {
    await sendReplies(
      context,
      { channel: origin.channel, user: origin.user, threadTs: origin.thread, team: origin.server },
      replies,
    );
  });

  let port: number | undefined;
  let gate: SlackGate | undefined;
  let ready: () => boolean;
  if (chosen.transport === "http") {
    const http = chosen.receiver;
    gate = createSlackGate({
      signingSecret: settings.signingSecret ?? "",
      logger: runtime.logger,
      forward: (request, response) => http.requestListener(request, response),
    });
    const { server } = gate;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    ready = () => server.listening;
  } else {
    await app.start();
    const socket = chosen.receiver;
    ready = () => socket.client.websocket?.isActive() === true;
  }
  runtime.logger.info("slack.started", {
    transport,
    ...(port === undefined ? {} : { port, path: "/slack/events" }),
    botUserId: identity.botUserId,
    team: identity.team,
  });

  let stopping: Promise<void> | undefined;
  const stop = async (stopOptions?: StopOptions): Promise<void> => {
    let closed: Promise<void> = Promise.resolve();
    if (chosen.transport === "socket") {
      await chosen.receiver.client.disconnect();
    } else if (gate) {
      const { server } = gate;
      gate.refuseNewWork();
      closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
    }
    const outcome = await inFlight.settle(
      stopOptions?.graceMs ?? 10_000,
      stopOptions?.noticeMs ?? 3000,
      runtime.logger,
    );
    gate?.server.closeAllConnections();
    await closed;
    runtime.logger.info("slack.stopped", { transport, ...outcome });
  };
  return {
    name: "slack",
    transport,
    port,
    botUserId: identity.botUserId,
    ready,
    idle: () => work.idle(),
    stop: (stopOptions?: StopOptions) => {
      stopping ??= stop(stopOptions);
      return stopping;
    },
  };
}
