import { duration, integer, oneOf } from "./fields.js";
import { defineArea, variable } from "./variable.js";

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The process itself: its HTTP port, how it stops and its log. */
export const serverArea = defineArea({
  title: "Process",
  variables: {
    PORT: variable(integer(3000, 1, 65535), {
      help: "HTTP port for the Slack receiver and the Discord interactions endpoint.",
      example: "3000",
      fallback: "3000",
    }),
    VSBOT_SHUTDOWN_GRACE: variable(duration("10s"), {
      help: "On SIGTERM or SIGINT: how long requests in flight may finish; then the users still waiting are told the bot is restarting and it exits (within this plus 5 s).",
      example: "10s",
      fallback: "10s",
    }),
    VSBOT_LOG_LEVEL: variable(oneOf(LOG_LEVELS, "info"), {
      help: "Log level for the JSON log on stderr: debug, info, warn, error, silent.",
      example: "info",
      fallback: "info (warn in the interactive console)",
    }),
  },
  read: (values, given) => ({
    port: values.PORT,
    /** How long in-flight work may finish after a stop signal, in milliseconds. */
    shutdownGraceMs: values.VSBOT_SHUTDOWN_GRACE ?? 0,
    logLevel: values.VSBOT_LOG_LEVEL as LogLevel,
    /** False when VSBOT_LOG_LEVEL was left unset, so a quieter default may apply. */
    logLevelGiven: given.has("VSBOT_LOG_LEVEL"),
  }),
});
