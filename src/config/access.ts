import { commaList, onOff } from "./fields.js";
import { defineArea, variable } from "./variable.js";

export interface AccessConfig {
  readonly allowedChannels: readonly string[];
  readonly blockedChannels: readonly string[];
  readonly allowedRoles: readonly string[];
  readonly blockedRoles: readonly string[];
  readonly allowedUsers: readonly string[];
  readonly blockedUsers: readonly string[];
  readonly adminUsers: readonly string[];
  readonly allowDms: boolean;
}

const IDS = "Comma-separated platform ids";

/** Who may use the bot, where, and who administers it. */
export const accessArea = defineArea({
  title:
    "Access (comma-separated Discord or Slack ids; an empty allow-list allows everyone, a block always wins)",
  variables: {
    VSBOT_ALLOWED_CHANNELS: variable(commaList, {
      help: `${IDS} of the only channels where the bot answers; a thread counts as its parent channel. Empty allows every channel.`,
      example: "1234567890123456789,C0123456789",
      fallback: "unset (every channel)",
    }),
    VSBOT_BLOCKED_CHANNELS: variable(commaList, {
      help: `${IDS} of channels where the bot never answers, threads in them included.`,
      example: "1234567890123456789",
      fallback: "unset",
    }),
    VSBOT_ALLOWED_ROLES: variable(commaList, {
      help: `${IDS} of Discord roles whose members may use the bot (with VSBOT_ALLOWED_USERS, either one admits). Slack has no roles, so it does not restrict Slack.`,
      example: "1234567890123456789",
      fallback: "unset (everyone)",
    }),
    VSBOT_BLOCKED_ROLES: variable(commaList, {
      help: `${IDS} of Discord roles whose members may not use the bot.`,
      example: "1234567890123456789",
      fallback: "unset",
    }),
    VSBOT_ALLOWED_USERS: variable(commaList, {
      help: `${IDS} of the only users who may use the bot (with VSBOT_ALLOWED_ROLES, either one admits). Empty allows everyone.`,
      example: "1234567890123456789,U0123456789",
      fallback: "unset (everyone)",
    }),
    VSBOT_BLOCKED_USERS: variable(commaList, {
      help: `${IDS} of users who may not use the bot anywhere.`,
      example: "1234567890123456789",
      fallback: "unset",
    }),
    VSBOT_ADMIN_USERS: variable(commaList, {
      help: `${IDS} of bot admins: they pass the allow-lists (not the blocks), may change /vs settings everywhere and see /vs usage.`,
      example: "1234567890123456789",
      fallback: "unset",
    }),
    VSBOT_ALLOW_DMS: variable(onOff("on"), {
      help: "on: the bot answers direct messages (the user and role lists still apply); off: only admins may use it in DMs.",
      example: "on",
      fallback: "on",
    }),
  },
  read: (values): { readonly access: AccessConfig } => ({
    access: {
      allowedChannels: values.VSBOT_ALLOWED_CHANNELS,
      blockedChannels: values.VSBOT_BLOCKED_CHANNELS,
      allowedRoles: values.VSBOT_ALLOWED_ROLES,
      blockedRoles: values.VSBOT_BLOCKED_ROLES,
      allowedUsers: values.VSBOT_ALLOWED_USERS,
      blockedUsers: values.VSBOT_BLOCKED_USERS,
      adminUsers: values.VSBOT_ADMIN_USERS,
      allowDms: values.VSBOT_ALLOW_DMS,
    },
  }),
});
