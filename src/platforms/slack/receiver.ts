import type { Logger as BoltLogger } from "@slack/bolt";
import { HTTPReceiver, type Receiver, SocketModeReceiver, type webApi } from "@slack/bolt";

export interface ReceiverSettings {
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string | undefined;
  readonly port: number;
  readonly logger: BoltLogger;
}

export type SlackTransport = "socket" | "http";

/**
 * Socket Mode when an app token is set (no public URL needed), else Bolt's HTTP receiver on
 * POST /slack/events, which verifies each request's signature and rejects timestamps more
 * than five minutes off. GET /healthz answers 200 for load balancers.
 */
export function createReceiver(settings: ReceiverSettings): {
  readonly receiver: Receiver;
  readonly transport: SlackTransport;
} {
  if (settings.appToken) {
    // Socket Mode opens its connection with apps.connections.open on this client.
    const clientOptions: webApi.WebClientOptions = settings.apiUrl
      ? { slackApiUrl: settings.apiUrl }
      : {};
    return {
      transport: "socket",
      receiver: new SocketModeReceiver({
        appToken: settings.appToken,
        logger: settings.logger,
        installerOptions: { clientOptions },
      }),
    };
  }
  return {
    transport: "http",
    receiver: new HTTPReceiver({
      signingSecret: settings.signingSecret ?? "",
      port: settings.port,
      logger: settings.logger,
      processBeforeResponse: false,
      customRoutes: [
        {
          path: "/healthz",
          method: ["GET"],
          handler: (_request, response) => {
            response.writeHead(200, { "content-type": "text/plain" });
            response.end("ok");
          },
        },
      ],
    }),
  };
}
