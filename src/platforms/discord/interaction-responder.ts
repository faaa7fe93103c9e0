import {
  type APIInteractionResponse,
  InteractionResponseType,
  type REST,
  Routes,
} from "discord.js";
import { type DiscordMessage, EPHEMERAL, withoutMentions } from "./discord-message.js";

/**
 * How the interaction handler answers one interaction, whatever the transport. The first
 * call must be `defer`, within Discord's 3 seconds; the rest use the interaction's webhook
 * token, valid for 15 minutes.
 */
export interface InteractionResponder {
  /** The initial response: "thinking…", seen by everyone or, when ephemeral, only the user. */
  defer(options: { readonly ephemeral: boolean }): Promise<void>;
  /** Replaces the deferred "thinking…" message. */
  editOriginal(message: DiscordMessage): Promise<void>;
  /** A further message; ephemeral when its flags say so. */
  followUp(message: DiscordMessage): Promise<void>;
  deleteOriginal(): Promise<void>;
}

/** The parts of an interaction its webhook needs. */
export interface InteractionToken {
  readonly id: string;
  readonly token: string;
  readonly application_id: string;
}

/**
 * A responder whose initial response goes out through `sendInitial` (a REST callback on the
 * gateway, the HTTP response in HTTP mode) and everything after through the webhook REST API.
 */
export function createWebhookResponder(
  rest: REST,
  interaction: InteractionToken,
  sendInitial: (response: APIInteractionResponse) => Promise<void>,
): InteractionResponder {
  const original = Routes.webhookMessage(
    interaction.application_id,
    interaction.token,
    "@original",
  );
  return {
    defer: ({ ephemeral }) =>
      sendInitial({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: ephemeral ? { flags: EPHEMERAL } : {},
      }),
    editOriginal: async (message) => {
      const { flags: _flags, ...body } = message;
      await rest.patch(original, { body: withoutMentions(body), auth: false });
    },
    followUp: async (message) => {
      await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
        body: withoutMentions(message),
        auth: false,
      });
    },
    deleteOriginal: async () => {
      await rest.delete(original, { auth: false });
    },
  };
}

/** The gateway's initial response: a REST call to the interaction callback endpoint. */
export function restCallback(
  rest: REST,
  interaction: InteractionToken,
): (response: APIInteractionResponse) => Promise<void> {
  return async (response) => {
    await rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: response,
      auth: false,
    });
  };
}
