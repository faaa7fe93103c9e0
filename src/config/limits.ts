import { countPerPeriod, integer } from "./fields.js";
import { defineArea, variable } from "./variable.js";

/** Per-user limits and budgets on what users may make the model do. */
export const limitsArea = defineArea({
  title: "Limits",
  variables: {
    VSBOT_PERSONA_TOKEN_BUDGET: variable(integer(3000, 200, 200_000), {
      help: "Tokens of persona description plus conversation sent per persona turn; the oldest turns are dropped first.",
      example: "3000",
      fallback: "3000",
    }),
    VSBOT_USER_RATE_LIMIT: variable(countPerPeriod("30/1h"), {
      help: 'Model-calling requests (commands, persona turns) per user per period on Discord and Slack; clicks served from the tail are free. "off" disables it.',
      example: "30/1h",
      fallback: "30/1h",
    }),
  },
  read: (values) => ({
    personaTokenBudget: values.VSBOT_PERSONA_TOKEN_BUDGET,
    /** Per-user limit on model-calling requests, or null for none. */
    userRateLimit: values.VSBOT_USER_RATE_LIMIT,
  }),
});
