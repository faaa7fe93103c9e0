import { performance } from "node:perf_hooks";
import { type ChannelType, ChannelType as ChannelTypes } from "discord.js";
import type { ChatService } from "../../app/chat-service.js";
import type { Inbound, Reply } from "../../app/types.js";
import type { Logger } from "../../engine/ports.js";
import { AckFirstScheduler } from "../ack-first.js";
import { type InFlight, RESTART_NOTICE } from "../in-flight.js";
import type { ReplayGuard } from "../replay-guard.js";
import type { ChannelMessenger } from "./channel-messenger.js";
import { reportFailure, threadFailure } from "./failure.js";
import type { InteractionPayload } from "./interaction-payload.js";
import { type InteractionRequest, readInteraction } from "./interaction-request.js";
import type { InteractionResponder } from "./interaction-responder.js";
import type { PersonaPoster } from "./persona-webhooks.js";
import { renderNotice, renderReply } from "./render-reply.js";
import { sendReplies } from "./send-replies.js";
import type { ThreadParents } from "./thread-parents.js";

export interface InteractionHandlerContext {
  readonly chat: ChatService;
  readonly messenger: ChannelMessenger;
  readonly logger: Logger;
  /** Interaction ids already taken, here and by every instance sharing the store. */
  readonly replays: ReplayGuard;
  /** Requests being answered, so a stop can tell their users. */
  readonly inFlight: InFlight;
  /** Told about persona threads this bot opens, so their messages need no parent lookup. */
  readonly threadParents?: ThreadParents;
  /** Posts persona replies (a card's greeting) under their own name and avatar. */
  readonly personas?: PersonaPoster;
  /** Hosts attached files are downloaded from (Discord's CDN, and a test's fake). */
  readonly fileHosts?: readonly string[];
}

/**
 * What became of one interaction: answered (deferred, then edited or followed up), not one
 * vsbot handles, or one already taken (a replay, or another instance's).
 */
export type InteractionOutcome = "answered" | "ignored" | "duplicate";

/**
 * Answers one validated interaction; resolves once every reply is out. Never throws.
 * `receivedAt` (performance.now() when the transport got it) times the deferral in the log.
 */
export type InteractionHandler = (
  interaction: InteractionPayload,
  responder: InteractionResponder,
  receivedAt?: number,
) => Promise<InteractionOutcome>;

const THREAD_PARENTS: ReadonlySet<ChannelType> = new Set([
  ChannelTypes.GuildText,
  ChannelTypes.GuildAnnouncement,
]);

/** Tracks what the user has seen, so an error never replaces an answer already shown. */
interface Delivery {
  readonly responder: InteractionResponder;
  readonly ephemeral: boolean;
  /** Deferred as an update: the original is the clicked message, never to be deleted. */
  readonly updatesMessage: boolean;
  edited: boolean;
}

async function deliver(delivery: Delivery, replies: readonly Reply[]): Promise<void> {
  const { responder } = delivery;
  if (delivery.updatesMessage) {
    // A swipe: its reply takes the clicked message's place; anything else follows apart.
    for (const reply of replies) {
      const messages = renderReply(reply, { ephemeral: reply.private });
      const [first, ...rest] = messages;
      if (reply.replaces && first && rest.length === 0) await responder.editOriginal(first);
      else for (const message of messages) await responder.followUp(message);
    }
    delivery.edited = true;
    return;
  }
  // A private reply after a public deferral: the public "thinking…" goes, the reply follows privately.
  const moveToPrivate = !delivery.ephemeral && replies.some((reply) => reply.private);
  const ephemeral = delivery.ephemeral || moveToPrivate;
  const messages = replies.flatMap((reply) => renderReply(reply, { ephemeral }));
  if (messages.length === 0 || moveToPrivate) {
    await responder.deleteOriginal();
    delivery.edited = true;
  }
  for (const message of messages) {
    if (delivery.edited) await responder.followUp(message);
    else await responder.editOriginal(message);
    delivery.edited = true;
  }
}

async function deliverFailure(delivery: Delivery, text: string, logger: Logger): Promise<void> {
  const { responder } = delivery;
  try {
    if (delivery.updatesMessage) {
      // The clicked message stays as it was; the refusal or failure reaches the clicker alone.
      for (const message of renderNotice(text, { ephemeral: true }))
        await responder.followUp(message);
      return;
    }
    if (delivery.ephemeral && !delivery.edited) {
      for (const [index, message] of renderNotice(text).entries()) {
        if (index === 0) await responder.editOriginal(message);
        else await responder.followUp(message);
      }
      return;
    }
    if (!delivery.edited) {
      await responder.deleteOriginal().catch((error: unknown) => {
        logger.warn("discord.delete_original_failed", { error });
      });
    }
    for (const message of renderNotice(text, { ephemeral: true }))
      await responder.followUp(message);
  } catch (error) {
    logger.error("discord.error_not_delivered", { error });
  }
}

/**
 * /persona start: the persona's session lives in a thread, opened here unless the command
 * came from one, so the conversation stays out of the channel.
 */
async function startPersona(
  interaction: InteractionPayload,
  request: InteractionRequest & { readonly personaName: string },
  delivery: Delivery,
  context: InteractionHandlerContext,
): Promise<void> {
  const inbound = request.inbound as Extract<Inbound, { type: "command" }>;
  const channelType = interaction.channel?.type;
  // In a thread the session lives there already; DMs and other channels keep it in place.
  if (channelType === undefined || !THREAD_PARENTS.has(channelType)) {
    await deliver(delivery, await context.chat.handle(inbound));
    return;
  }
  await validatePersonaOptions(inbound, context.chat);
  // An imported persona's thread is named after its card, read (and refused) before one opens.
  const personaName =
    inbound.subcommand === "import"
      ? await context.chat.previewCard(inbound.options?.card)
      : request.personaName;
  let thread: { readonly id: string };
  try {
    thread = await context.messenger.startThread(inbound.origin.channel, personaName, channelType);
  } catch (error) {
    throw threadFailure(error);
  }
  context.threadParents?.remember(thread.id, inbound.origin.channel);
  const replies = await context.chat.handle({
    ...inbound,
    origin: { ...inbound.origin, channel: thread.id, parentChannel: inbound.origin.channel },
  });
  await sendReplies(
    {
      messenger: context.messenger,
      ...(context.personas ? { personas: context.personas } : {}),
    },
    { channelId: thread.id, parentId: inbound.origin.channel },
    replies,
  );
  const [pointer] = renderNotice(
    `**${personaName}** is waiting in <#${thread.id}>: talk there, and end it there with /${inbound.name} end.`,
  );
  if (pointer) await delivery.responder.editOriginal(pointer);
  delivery.edited = true;
}

/** Bad options fail before a thread is opened for nothing; the chat core words the error. */
async function validatePersonaOptions(
  inbound: Extract<Inbound, { type: "command" }>,
  chat: ChatService,
): Promise<void> {
  const command = chat.commands.find((definition) => definition.name === inbound.name);
  if (command?.kind !== "persona") return;
  const subcommand = inbound.subcommand === "import" ? "import" : "start";
  const valid = command.subcommands[subcommand].options.safeParse(inbound.options ?? {}).success;
  // With invalid options the chat core throws its own message and starts nothing.
  if (!valid) await chat.handle(inbound);
}

/**
 * The one interaction handler behind both the gateway and the HTTP endpoint. It defers
 * before any model or store work, then edits the deferred response with the reply; every
 * failure reaches the user ephemerally.
 */
export function createInteractionHandler(context: InteractionHandlerContext): InteractionHandler {
  const { chat, logger } = context;
  const scheduler = new AckFirstScheduler();
  const answer = async (
    interaction: InteractionPayload,
    request: InteractionRequest,
    responder: InteractionResponder,
    receivedAt: number,
  ): Promise<InteractionOutcome> => {
    try {
      await responder.defer({
        ephemeral: request.ephemeral,
        ...(request.updatesMessage ? { update: true } : {}),
      });
    } catch (error) {
      // Usually 10062 Unknown interaction: the 3 s window passed, and the token is dead.
      logger.warn("discord.defer_failed", { interaction: interaction.id, error });
      return "answered";
    }
    logger.debug("discord.deferred", {
      interaction: interaction.id,
      ms: Math.round((performance.now() - receivedAt) * 100) / 100,
    });
    // Other interactions' deferrals go out before this one's model and store work starts.
    await scheduler.turn();
    if (!(await context.replays.claim(interaction.id))) {
      logger.info("discord.replay_ignored", { interaction: interaction.id, where: "store" });
      return "duplicate";
    }
    const delivery: Delivery = {
      responder,
      ephemeral: request.ephemeral,
      updatesMessage: request.updatesMessage === true,
      edited: false,
    };
    await context.inFlight.track(async (entry) => {
      entry.notice = () => deliverFailure(delivery, RESTART_NOTICE, logger);
      await run(interaction, request, delivery);
    });
    return "answered";
  };

  const run = async (
    interaction: InteractionPayload,
    request: InteractionRequest,
    delivery: Delivery,
  ): Promise<void> => {
    try {
      if (request.personaName !== undefined) {
        await startPersona(
          interaction,
          { ...request, personaName: request.personaName },
          delivery,
          context,
        );
      } else {
        await deliver(delivery, await chat.handle(request.inbound));
      }
    } catch (error) {
      const text = reportFailure(error, logger, {
        interaction: interaction.id,
        inbound: request.inbound.type,
      });
      await deliverFailure(delivery, text, logger);
    }
  };

  return async (interaction, responder, receivedAt = performance.now()) => {
    scheduler.arrived();
    const read = readInteraction(interaction, chat.commands, context.fileHosts);
    if (!read) {
      logger.debug("discord.interaction_ignored", { type: interaction.type });
      return "ignored";
    }
    // Someone the access lists keep out is refused privately from the first response on.
    const request = chat.mayUse(read.inbound.origin)
      ? read
      : { inbound: read.inbound, ephemeral: true };
    // A replay to this process is refused before it is acknowledged.
    if (context.replays.seenHere(interaction.id)) {
      logger.info("discord.replay_ignored", { interaction: interaction.id, where: "process" });
      return "duplicate";
    }
    try {
      return await answer(interaction, request, responder, receivedAt);
    } catch (error) {
      // The handler's own failures (a store that cannot even be asked) end here, logged.
      logger.error("discord.interaction_failed", { interaction: interaction.id, error });
      return "answered";
    }
  };
}
