import { loadConfig } from "../../../src/config/index.js";
import { type SlackPlatform, startSlack } from "../../../src/platforms/slack/index.js";
import { createRuntime, type Runtime } from "../../../src/runtime/runtime.js";
import {
  type FakeOpenAI,
  type FakeOpenAIOptions,
  startFakeOpenAI,
} from "../../fakes/fake-openai-server.js";
import {
  type FakeSlack,
  type FakeSlackUser,
  type SlackApiCall,
  startFakeSlack,
} from "../../fakes/fake-slack.js";
import {
  type AppResponse,
  buttonClickPayload,
  buttonClickRequest,
  buttonsOf,
  eventCallbackPayload,
  type MessageEventFields,
  messageOf,
  nextTriggerId,
  postToApp,
  type SignOptions,
  slashCommandRequest,
} from "../../fakes/fake-slack-requests.js";
import { captureLogger } from "../../helpers/capture-logger.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

export interface SlackHarness {
  readonly model: FakeOpenAI;
  readonly slack: FakeSlack;
  readonly runtime: Runtime;
  readonly platform: SlackPlatform;
  readonly logs: ReturnType<typeof captureLogger>;
  /** The bot's Events API endpoint (HTTP mode). */
  readonly eventsUrl: string;
  /** Sends a signed slash command, e.g. `command("/joke", "about cats")`. */
  command(
    command: string,
    text?: string,
    options?: Partial<SignOptions> & { readonly triggerId?: string; readonly user?: string },
  ): Promise<AppResponse & { readonly triggerId: string }>;
  /** Clicks a button of a message the bot posted, as Slack reports it. */
  click(
    message: SlackApiCall,
    actionId: string,
    options?: Partial<SignOptions> & { readonly user?: string },
  ): Promise<AppResponse>;
  /** Delivers a message event (signed HTTP, or over Socket Mode), the message kept in its channel. */
  event(fields: MessageEventFields, options?: Partial<SignOptions>): Promise<AppResponse>;
  /** Delivers any Events API body the same way. */
  deliver(payload: Record<string, unknown>, options?: Partial<SignOptions>): Promise<AppResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly model?: FakeOpenAIOptions;
  readonly env?: Readonly<Record<string, string>>;
  readonly users?: readonly FakeSlackUser[];
  readonly socketMode?: boolean;
}

/** The real Bolt app (HTTP receiver unless socketMode) against a fake Slack and a fake model. */
export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const model = await startFakeOpenAI(options.model);
  const slack = await startFakeSlack({ users: options.users ?? [] });
  const logs = captureLogger([SIGNING_SECRET, slack.botToken]);
  const config = loadConfig({
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "test-key",
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "silent",
    VSBOT_MODEL_RETRIES: "0",
    VSBOT_SEED: "7",
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: slack.appToken } : {}),
    ...options.env,
  });
  const runtime = await createRuntime(config, { logger: logs });
  const platform = await startSlack(runtime, { port: 0 });
  const eventsUrl = `http://127.0.0.1:${platform.port ?? 0}/slack/events`;
  const sign = (extra: Partial<SignOptions> = {}): SignOptions => ({
    secret: SIGNING_SECRET,
    ...extra,
  });
  /** As Slack delivers an event: a signed POST, or an envelope on the socket, acked. */
  const deliver = async (
    payload: Record<string, unknown>,
    extra: Partial<SignOptions>,
  ): Promise<AppResponse> => {
    if (!options.socketMode) {
      return postToApp(
        eventsUrl,
        { contentType: "application/json", body: JSON.stringify(payload) },
        sign(extra),
      );
    }
    const started = performance.now();
    const envelope = slack.socket.deliver("events_api", payload, {
      ...(extra.retryNum === undefined ? {} : { retryAttempt: extra.retryNum }),
    });
    const ack = await slack.socket.waitForAck(envelope);
    return { status: 200, text: "", ackedAt: ack.at, elapsedMs: performance.now() - started };
  };
  let responseCounter = 0;
  const nextResponseUrl = (): string => {
    responseCounter += 1;
    return slack.responseUrl(`hook-${responseCounter}`);
  };

  return {
    model,
    slack,
    runtime,
    platform,
    logs,
    eventsUrl,
    command: async (command, text = "", extra = {}) => {
      const triggerId = extra.triggerId ?? nextTriggerId();
      const request = slashCommandRequest({
        command,
        text,
        triggerId,
        responseUrl: slack.responseUrl(`command-${triggerId}`),
        ...(extra.user ? { user: extra.user } : {}),
      });
      return { ...(await postToApp(eventsUrl, request, sign(extra))), triggerId };
    },
    click: async (message, actionId, extra = {}) => {
      const value = buttonsOf(message.args).get(actionId);
      if (value === undefined) throw new Error(`the message has no ${actionId} button`);
      const messageTs = String(message.response.ts);
      const threadTs =
        typeof message.args.thread_ts === "string" ? message.args.thread_ts : undefined;
      const fields = {
        actionId,
        value,
        messageTs,
        ...(threadTs ? { threadTs } : {}),
        ...(typeof message.args.channel === "string" ? { channel: message.args.channel } : {}),
        ...(extra.user ? { user: extra.user } : {}),
        responseUrl: nextResponseUrl(),
      };
      if (options.socketMode) {
        const started = performance.now();
        const envelope = slack.socket.deliver("interactive", buttonClickPayload(fields));
        const ack = await slack.socket.waitForAck(envelope);
        return { status: 200, text: "", ackedAt: ack.at, elapsedMs: performance.now() - started };
      }
      return postToApp(eventsUrl, buttonClickRequest(fields), sign(extra));
    },
    event: async (fields, extra = {}) => {
      slack.remember(fields.channel ?? "C0GENERAL", messageOf(fields));
      return deliver(eventCallbackPayload(fields), extra);
    },
    deliver: (payload, extra = {}) => deliver(payload, extra),
    close: async () => {
      await platform.stop();
      await runtime.close();
      await slack.close();
      await model.close();
    },
  };
}
