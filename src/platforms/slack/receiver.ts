import type { Logger as BoltLogger } from "@slack/bolt";
import { HTTPReceiver, type Receiver, SocketModeReceiver, type webApi } from "@slack/bolt";

export interface ReceiverSettings {
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string | undefined;
  readonly logger: BoltLogger;
}

export type SlackTransport = "socket" | "http";

export type SlackReceiver =
  | { readonly transport: "socket"; readonly receiver: SocketModeReceiver }
  | { readonly transport: "http"; readonly receiver: HTTPReceiver & Receiver };

/**
 * Socket Mode when an app token is set (no public URL needed), else Bolt's HTTP receiver. The
 * HTTP receiver is never started itself: vsbot's gate (http-gate.ts) owns the server, checks
 * each request and hands the good ones to the receiver's request listener.
 */
export function createReceiver(settings: ReceiverSettings): SlackReceiver {
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
      logger: settings.logger,
      processBeforeResponse: false,
      // The gate verified the signature of the bytes Slack sent; Bolt gets a re-encoded body.
      signatureVerification: false,
    }),
  };
}
