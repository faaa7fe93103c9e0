import { z } from "zod";
import { httpUrl, onOff, secret } from "./fields.js";
import { defineArea, variable } from "./variable.js";

export interface DiscordConfig {
  readonly token: string | undefined;
  readonly applicationId: string | undefined;
  readonly publicKey: string | undefined;
  readonly apiBaseUrl: string | undefined;
  readonly personas: boolean;
}

export const discordArea = defineArea({
  title: "Discord",
  variables: {
    DISCORD_TOKEN: variable(secret, {
      help: "Discord bot token; when set, `npm start` runs the Discord gateway bot.",
      example: "your-bot-token",
      fallback: "unset",
      secret: true,
    }),
    DISCORD_APPLICATION_ID: variable(
      z
        .string()
        .regex(/^\d{15,25}$/, "must be the numeric application id from the Developer Portal")
        .optional(),
      {
        help: "Discord application id, for `vsbot register` and interaction webhooks.",
        example: "123456789012345678",
        fallback: "unset",
      },
    ),
    DISCORD_PUBLIC_KEY: variable(
      z
        .string()
        .regex(
          /^[0-9a-fA-F]{64}$/,
          "must be the 64-character hex public key from the Developer Portal",
        )
        .optional(),
      {
        help: "Discord application public key, to verify the HTTP interactions endpoint (`vsbot discord --http`).",
        example: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        fallback: "unset",
      },
    ),
    DISCORD_API_BASE_URL: variable(httpUrl, {
      help: "Discord REST API base, for proxies and tests; Discord's own by default.",
      example: "https://discord.com/api",
      fallback: "https://discord.com/api",
    }),
    VSBOT_DISCORD_PERSONAS: variable(onOff("on"), {
      help: "on: asks for the privileged Message Content intent, so personas read every message in their threads and chat replies read the text of earlier messages; off: no privileged intent (mentions, DMs and the bot's own messages still carry their text), so personas answer only mentions and a chat reply's context holds only those.",
      example: "on",
      fallback: "on",
    }),
  },
  read: (values): { readonly discord: DiscordConfig | null } => ({
    /** Present when DISCORD_TOKEN or DISCORD_PUBLIC_KEY is set. */
    discord:
      values.DISCORD_TOKEN || values.DISCORD_PUBLIC_KEY
        ? {
            token: values.DISCORD_TOKEN,
            applicationId: values.DISCORD_APPLICATION_ID,
            publicKey: values.DISCORD_PUBLIC_KEY,
            apiBaseUrl: values.DISCORD_API_BASE_URL,
            personas: values.VSBOT_DISCORD_PERSONAS,
          }
        : null,
  }),
});
