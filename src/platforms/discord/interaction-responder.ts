import type { RawFile } from "@discordjs/rest";
import {
  type APIInteractionResponse,
  InteractionResponseType,
  type REST,
  Routes,
} from "discord.js";
import {
  type DiscordFile,
  type DiscordMessage,
  EPHEMERAL,
  withoutMentions,
} from "./discord-message.js";

/**
 * How the interaction handler answers one interaction, whatever the transport. The first
 * call must be `defer`, within Discord's 3 seconds; the rest use the interaction's webhook
 * token, valid for 15 minutes.
 */
export interface InteractionResponder {
  /**
   * The initial response: "thinking…", seen by everyone or, when ephemeral, only the user.
   * With `update` (a button that edits its own message) nothing new shows, and the original
   * is the message whose button was clicked.
   */
  defer(options: { readonly ephemeral: boolean; readonly update?: boolean }): Promise<void>;
  /** Replaces the deferred "thinking…" message (or, after an update deferral, the clicked one). */
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
    defer: ({ ephemeral, update }) =>
      sendInitial(
        update
          ? { type: InteractionResponseType.DeferredMessageUpdate }
          : {
              type: InteractionResponseType.DeferredChannelMessageWithSource,
              data: ephemeral ? { flags: EPHEMERAL } : {},
            },
      ),
    editOriginal: async (message) => {
      const { flags: _flags, files, ...body } = message;
      await rest.patch(original, { body: withoutMentions(body), auth: false, ...upload(files) });
    },
    followUp: async (message) => {
      const { files, ...body } = message;
      await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
        body: withoutMentions(body),
        auth: false,
        ...upload(files),
      });
    },
    deleteOriginal: async () => {
      await rest.delete(original, { auth: false });
    },
  };
}

/** A message's files as the REST client uploads them (multipart, JSON in payload_json). */
export function upload(files: readonly DiscordFile[] | undefined): { files?: RawFile[] } {
  if (!files || files.length === 0) return {};
  return {
    files: files.map((file) => ({
      name: file.name,
      data: file.data,
      ...(file.contentType ? { contentType: file.contentType } : {}),
    })),
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
