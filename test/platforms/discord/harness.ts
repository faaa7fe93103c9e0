import { loadConfig } from "../../../src/config/index.js";
import { createLogger } from "../../../src/logger.js";
import {
  type DiscordGatewayOptions,
  type DiscordHttpPlatform,
  startDiscordGateway,
  startDiscordHttp,
} from "../../../src/platforms/discord/index.js";
import type { RunningPlatform, StopOptions } from "../../../src/platforms/platform.js";
import { createRuntime, type Runtime } from "../../../src/runtime/runtime.js";
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  startFakeDiscord,
} from "../../fakes/fake-discord.js";
import type { PayloadContext } from "../../fakes/fake-discord-payloads.js";
import { createSigningKeys, type SigningKeys } from "../../fakes/fake-discord-signing.js";
import { type FakeOpenAI, startFakeOpenAI } from "../../fakes/fake-openai-server.js";

export const BOT_TOKEN = "fake-bot-token-for-tests";
export const GUILD_ID = "300000000000000001";
export const CHANNEL_ID = "300000000000000002";

export interface DiscordHarness {
  readonly discord: FakeDiscord;
  readonly model: FakeOpenAI;
  readonly runtime: Runtime;
  /** Every log line the runtime wrote, parsed. */
  readonly logs: readonly Record<string, unknown>[];
  readonly context: PayloadContext;
  close(): Promise<void>;
}

/**
 * A runtime wired like production (real openai client, real REST client) to a fake model
 * server and a fake Discord on loopback.
 */
export async function startHarness(
  env: Readonly<Record<string, string>> = {},
  discordOptions: FakeDiscordOptions = {},
): Promise<DiscordHarness> {
  const discord = await startFakeDiscord({ token: BOT_TOKEN, ...discordOptions });
  const model = await startFakeOpenAI();
  const logs: Record<string, unknown>[] = [];
  const config = loadConfig({
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: "test-key",
    VSBOT_STORE_URL: "memory://",
    VSBOT_LOG_LEVEL: "debug",
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    ...env,
  });
  const runtime = await createRuntime(config, {
    logger: createLogger({
      level: "debug",
      write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    }),
  });
  return {
    discord,
    model,
    runtime,
    logs,
    context: { applicationId: discord.applicationId, guildId: GUILD_ID, channelId: CHANNEL_ID },
    close: async () => {
      await runtime.close();
      await model.close();
      await discord.close();
    },
  };
}

export interface GatewayHarnessOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly discord?: FakeDiscordOptions;
  readonly gateway?: DiscordGatewayOptions;
  /** Channels of the test server besides #general, sent in its GUILD_CREATE. */
  readonly extraChannels?: readonly { id: string; name: string; type?: number }[];
}

/**
 * The harness with the real gateway bot connected and the test server (with #general) known
 * to it; `close` stops the bot first.
 */
export async function startGatewayHarness(
  options: GatewayHarnessOptions = {},
): Promise<DiscordHarness & { readonly bot: RunningPlatform }> {
  const harness = await startHarness(options.env, options.discord);
  const bot = await startDiscordGateway(harness.runtime, options.gateway);
  await harness.discord.waitForSession();
  harness.discord.guildCreate({
    id: harness.context.guildId,
    channels: [
      { id: harness.context.channelId, name: "general" },
      ...(options.extraChannels ?? []),
    ],
  });
  return {
    ...harness,
    bot,
    close: async () => {
      await bot.stop();
      await harness.close();
    },
  };
}

export interface HttpHarness extends DiscordHarness {
  readonly endpoint: DiscordHttpPlatform;
  /** The keys the endpoint checks signatures against; sign test requests with them. */
  readonly keys: SigningKeys;
  /** The endpoint's interactions URL. */
  readonly url: string;
  /** Stops the endpoint (with `stop`'s options, if given), then the harness. */
  close(stop?: StopOptions): Promise<void>;
}

/**
 * The harness with the real HTTP interactions endpoint listening on loopback, checking
 * signatures against fresh keys. Discord's acknowledgement here is the HTTP response, which
 * the fake REST never sees, so the fake does not insist on one.
 */
export async function startHttpHarness(
  env: Readonly<Record<string, string>> = {},
): Promise<HttpHarness> {
  const keys = createSigningKeys();
  const harness = await startHarness(
    { DISCORD_PUBLIC_KEY: keys.publicKeyHex, ...env },
    { strictInteractions: false },
  );
  const endpoint = await startDiscordHttp(harness.runtime, { port: 0, host: "127.0.0.1" });
  return {
    ...harness,
    endpoint,
    keys,
    url: `http://127.0.0.1:${endpoint.port}/interactions`,
    close: async (stop) => {
      await endpoint.stop(stop);
      await harness.close();
    },
  };
}

/** Requests that carry message content: edits, follow-ups and channel messages. */
export function isMessageSend(request: { method: string; path: string }): boolean {
  return (
    (request.method === "PATCH" && request.path.endsWith("/messages/@original")) ||
    (request.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(request.path)) ||
    (request.method === "POST" && /^\/channels\/\d+\/messages$/.test(request.path))
  );
}

/** The number of ``` fences in a text; even when every code block is whole. */
export function fenceCount(text: string): number {
  return text.split("```").length - 1;
}
