import { integer, oneOf } from "./fields.js";
import { defineArea, variable } from "./variable.js";

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The process itself: its HTTP port and its log. */
export const serverArea = defineArea({
  title: "Process",
  variables: {
    PORT: variable(integer(3000, 1, 65535), {
      help: "HTTP port for the Slack receiver and the Discord interactions endpoint.",
      example: "3000",
      fallback: "3000",
    }),
    VSBOT_LOG_LEVEL: variable(oneOf(LOG_LEVELS, "info"), {
      help: "Log level for the JSON log on stderr: debug, info, warn, error, silent.",
      example: "info",
      fallback: "info (warn in the interactive console)",
    }),
  },
  read: (values, given) => ({
    port: values.PORT,
    logLevel: values.VSBOT_LOG_LEVEL as LogLevel,
    /** False when VSBOT_LOG_LEVEL was left unset, so a quieter default may apply. */
    logLevelGiven: given.has("VSBOT_LOG_LEVEL"),
  }),
});
