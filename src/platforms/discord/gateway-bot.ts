import { performance } from "node:perf_hooks";
import {
  type APIChannel,
  Client,
  Events,
  GatewayDispatchEvents,
  Partials,
  Routes,
  Status,
} from "discord.js";
import { ConfigError } from "../../config/index.js";
import type { Runtime } from "../../runtime/runtime.js";
import { systemClock } from "../../runtime/system.js";
import { InFlight } from "../in-flight.js";
import type { RunningPlatform, StopOptions } from "../platform.js";
import { attachmentHosts } from "./attachment-file.js";
import { createRestMessenger } from "./channel-messenger.js";
import { NO_MENTIONS } from "./discord-message.js";
import { discordMessageReplays, discordReplayGuard } from "./discord-replays.js";
import { clientRestOptions, createInteractionRest, stopRest } from "./discord-rest.js";
import { gatewayIntents } from "./intents.js";
import { createInteractionHandler } from "./interaction-handler.js";
import { checkInteraction } from "./interaction-payload.js";
import { createWebhookResponder, restCallback } from "./interaction-responder.js";
import { createMessageHandler } from "./message-handler.js";
import { messagePayload } from "./message-payload.js";
import { createRestReader } from "./message-reader.js";
import { isThreadChannel } from "./origin.js";
import { guardPacketHandling } from "./packet-guard.js";
import { createPersonaWebhooks, placeOf } from "./persona-webhooks.js";
import { sendReplies } from "./send-replies.js";
import { ThreadParents } from "./thread-parents.js";

export interface GatewayBotOptions {
  /** How often "typing…" is renewed while a persona thinks; tests shorten it. */
  readonly typingRenewMs?: number;
}

export interface DiscordGatewayPlatform extends RunningPlatform {
  readonly client: Client;
}

/**
 * The gateway bot: a discord.js Client that receives interactions and messages as raw
 * gateway payloads and answers through REST. Raw payloads, not discord.js structures, so one
 * handler serves the gateway and the HTTP endpoint alike, and messages in threads the cache
 * has not seen still arrive.
 */
export async function startGatewayBot(
  runtime: Runtime,
  options: GatewayBotOptions = {},
): Promise<DiscordGatewayPlatform> {
  const discord = runtime.config.discord;
  if (!discord?.token) {
    throw new ConfigError([
      "DISCORD_TOKEN is not set. Fix: set it to the bot token from the Developer Portal (Bot tab) to run `vsbot discord`.",
    ]);
  }
  const { logger } = runtime;
  const client = new Client({
    intents: gatewayIntents(discord.personas),
    // DM channels are never in the cache before their first message; without this partial
    // discord.js drops their events. vsbot reads the raw payloads either way.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: clientRestOptions(discord),
  });
  guardPacketHandling(client, logger);
  const messenger = createRestMessenger(client.rest);
  const interactionRest = createInteractionRest(discord);
  const inFlight = new InFlight();
  // The cache knows threads from GUILD_CREATE and THREAD_CREATE; others are fetched once.
  const threadParents = new ThreadParents(async (channelId) => {
    const cached = client.channels.cache.get(channelId);
    if (cached) return cached.isThread() ? cached.parentId : null;
    const channel = (await client.rest.get(Routes.channel(channelId))) as APIChannel;
    if (!isThreadChannel(channel.type) || !("parent_id" in channel)) return null;
    return channel.parent_id ?? null;
  });
  const personas = createPersonaWebhooks({
    rest: client.rest,
    messenger,
    store: runtime.store,
    logger,
    clock: systemClock,
    applicationId: () => client.application?.id,
  });
  runtime.chat.setSceneOutlet("discord", async (origin, replies) => {
    // A thread's webhook is its parent's; origins that do not say which one it is are looked up.
    const parentChannel =
      origin.parentChannel ??
      (origin.direct ? undefined : await threadParents.parentOf(origin.channel));
    const place = placeOf({ ...origin, ...(parentChannel ? { parentChannel } : {}) });
    await sendReplies({ messenger, personas }, place, replies, {
      direct: origin.direct === true,
    });
  });
  const handleInteraction = createInteractionHandler({
    chat: runtime.chat,
    messenger,
    personas,
    logger,
    replays: discordReplayGuard(runtime.store, logger),
    inFlight,
    threadParents,
    fileHosts: attachmentHosts(discord.apiBaseUrl),
  });
  const handleMessage = createMessageHandler({
    chat: runtime.chat,
    messenger,
    personas,
    logger,
    inFlight,
    threadParents,
    bot: () => ({ userId: client.user?.id, applicationId: client.application?.id }),
    mentionsOnly: !discord.personas,
    replays: discordMessageReplays(runtime.store, logger),
    reader: createRestReader(client.rest, logger),
    ...(options.typingRenewMs === undefined ? {} : { typingRenewMs: options.typingRenewMs }),
  });
  let stopping = false;

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: unknown) => {
    const receivedAt = performance.now();
    if (stopping) return;
    const payload = checkInteraction(data);
    if (payload.kind !== "interaction") {
      const problem = payload.kind === "invalid" ? payload.problem : payload.kind;
      logger.info("discord.gateway_interaction_dropped", { problem });
      return;
    }
    const { interaction } = payload;
    const responder = createWebhookResponder(
      interactionRest,
      interaction,
      restCallback(interactionRest, interaction),
    );
    handleInteraction(interaction, responder, receivedAt).catch((error: unknown) => {
      logger.error("discord.interaction_failed", { interaction: interaction.id, error });
    });
  });
  client.ws.on(GatewayDispatchEvents.MessageCreate, (data: unknown) => {
    if (stopping) return;
    const message = messagePayload.safeParse(data);
    if (!message.success) {
      logger.debug("discord.gateway_message_dropped", { problem: message.error.message });
      return;
    }
    handleMessage(message.data).catch((error: unknown) => {
      logger.error("discord.message_failed", { message: message.data.id, error });
    });
  });
  client.on(Events.Error, (error) => logger.error("discord.client_error", { error }));
  client.on(Events.Warn, (message) => logger.warn("discord.client_warning", { message }));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.warn("discord.shard_disconnected", { shard, code: event.code }),
  );

  try {
    await client.login(discord.token);
  } catch (error) {
    await client.destroy();
    stopRest(interactionRest);
    throw error;
  }
  logger.info("discord.gateway_ready", {
    user: client.user?.id,
    shards: client.ws.shards.map((shard) => shard.id),
    messageContent: discord.personas,
  });
  return {
    name: "discord",
    client,
    ready: () =>
      client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    stop: async (stopOptions?: StopOptions) => {
      stopping = true;
      await client.destroy();
      const outcome = await inFlight.settle(
        stopOptions?.graceMs ?? 10_000,
        stopOptions?.noticeMs ?? 3000,
        logger,
      );
      stopRest(interactionRest);
      logger.info("discord.gateway_stopped", { ...outcome });
    },
  };
}
