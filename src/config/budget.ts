import { z } from "zod";
import { defineArea, variable } from "./variable.js";

const SUFFIX: Readonly<Record<string, number>> = { "": 1, k: 1_000, m: 1_000_000 };

/** A token count such as 50000, 50k or 2M; "off", "none" or 0 is null (no budget). */
const tokenCount = z
  .string()
  .default("off")
  .transform((text, context) => {
    if (/^(off|none|0)$/i.test(text)) return null;
    const match = /^(\d+(?:\.\d+)?)\s*([km]?)$/i.exec(text.replace(/[,_]/g, ""));
    const count = match
      ? Math.round(Number(match[1]) * (SUFFIX[match[2]?.toLowerCase() ?? ""] ?? 1))
      : 0;
    if (!match || !(count > 0) || !Number.isSafeInteger(count)) {
      context.addIssue({
        code: "custom",
        message: 'must be a number of tokens like 200000, 200k or 2M, or "off"',
      });
      return z.NEVER;
    }
    return count;
  });

/** What the model may spend. */
export const budgetArea = defineArea({
  title: "Spending",
  variables: {
    VSBOT_DAILY_TOKEN_BUDGET: variable(tokenCount, {
      help: 'Tokens (prompt plus completion, as the model reports them) each Discord server or Slack workspace may spend per UTC day, counted across every instance sharing the store; DMs count as one server. "off" disables it.',
      example: "200k",
      fallback: "off",
    }),
  },
  read: (values) => ({
    /** Tokens per server per UTC day, or null for no budget. */
    dailyTokenBudget: values.VSBOT_DAILY_TOKEN_BUDGET,
  }),
});
