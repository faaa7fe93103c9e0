import { countPerPeriod, duration, integer } from "./fields.js";
import { defineArea, variable } from "./variable.js";

/** The default bound on how long a user waits: the answer, or a clear error, by then. */
const REQUEST_TIMEOUT_FALLBACK = "60s";

/** Per-user limits and budgets on what users may make the model do. */
export const limitsArea = defineArea({
  title: "Limits",
  variables: {
    VSBOT_PERSONA_TOKEN_BUDGET: variable(integer(3000, 200, 200_000), {
      help: "Tokens of persona description plus conversation sent per persona turn; the oldest turns are dropped first.",
      example: "3000",
      fallback: "3000",
    }),
    VSBOT_CHAT_TOKEN_BUDGET: variable(integer(4000, 1000, 200_000), {
      help: "Tokens of the whole model request for a chat reply (to a mention, a reply to the bot, a DM, a message in its thread): the instructions, the earlier conversation and the message; the oldest turns are dropped first.",
      example: "4000",
      fallback: "4000",
    }),
    VSBOT_USER_RATE_LIMIT: variable(countPerPeriod("30/1h"), {
      help: 'Model-calling requests (commands, chat messages, persona turns, clicks that ask the model for more) per user per period on Discord and Slack; clicks served from the tail are free. "off" disables it.',
      example: "30/1h",
      fallback: "30/1h",
    }),
    VSBOT_MAX_ANSWER_CHARS: variable(integer(4000, 200, 100_000), {
      help: "Longest answer shown, in characters; a longer one is cut with a visible mark, so no answer takes more than a few messages.",
      example: "4000",
      fallback: "4000",
    }),
    VSBOT_REQUEST_TIMEOUT: variable(
      duration(REQUEST_TIMEOUT_FALLBACK).refine((ms) => ms !== null && ms >= 1000, {
        message: "must be a duration of at least 1s, like 60s or 2m",
      }),
      {
        help: "Longest a user waits for an answer before a clear error, every model call and retry included; a model call is cut off by then too.",
        example: "60s",
        fallback: REQUEST_TIMEOUT_FALLBACK,
      },
    ),
  },
  read: (values) => ({
    personaTokenBudget: values.VSBOT_PERSONA_TOKEN_BUDGET,
    /** Estimated tokens one chat reply's model request may hold, conversation included. */
    chatTokenBudget: values.VSBOT_CHAT_TOKEN_BUDGET,
    /** Per-user limit on model-calling requests, or null for none. */
    userRateLimit: values.VSBOT_USER_RATE_LIMIT,
    maxAnswerChars: values.VSBOT_MAX_ANSWER_CHARS,
    /** End-to-end bound on one user request, in milliseconds. */
    requestTimeoutMs: values.VSBOT_REQUEST_TIMEOUT ?? 60_000,
  }),
});
