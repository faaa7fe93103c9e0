import { z } from "zod";
import { duration } from "./fields.js";
import { defineArea, variable } from "./variable.js";

export interface StoreConfig {
  readonly url: string;
  /** Prefix of every key, so several bots (or test runs) can share one Redis or sqlite file. */
  readonly namespace: string;
  readonly tailTtlMs: number | undefined;
  readonly personaTtlMs: number | undefined;
}

/** Where tails, persona sessions and settings live, and for how long. */
export const storeArea = defineArea({
  title: "State",
  variables: {
    VSBOT_STORE_URL: variable(
      z
        .string()
        .default("sqlite://./data/vsbot.sqlite")
        .refine((text) => /^(memory:\/\/|sqlite:\/\/.+|rediss?:\/\/.+)$/.test(text), {
          message: "must be memory://, sqlite://<path> or redis://host:port",
        }),
      {
        help: "State store: memory://, sqlite://<path> or redis://host:port.",
        example: "sqlite://./data/vsbot.sqlite",
        fallback: "sqlite://./data/vsbot.sqlite",
      },
    ),
    VSBOT_STORE_NAMESPACE: variable(
      z
        .string()
        .default("vsbot")
        .refine((text) => /^[A-Za-z0-9_.-]{1,64}$/.test(text), {
          message: "must be 1-64 letters, digits, '.', '_' or '-'",
        }),
      {
        help: "Prefix of every key in the store, so several bots can share one Redis or sqlite file without seeing each other's state.",
        example: "vsbot-staging",
        fallback: "vsbot",
      },
    ),
    VSBOT_TAIL_TTL: variable(duration("24h"), {
      help: 'How long "more like this" buttons keep working (also reply state).',
      example: "24h",
      fallback: "24h",
    }),
    VSBOT_PERSONA_TTL: variable(duration("7d"), {
      help: "How long an idle persona session is kept; each message renews it.",
      example: "7d",
      fallback: "7d",
    }),
  },
  read: (values): { readonly store: StoreConfig } => ({
    store: {
      url: values.VSBOT_STORE_URL,
      namespace: values.VSBOT_STORE_NAMESPACE,
      tailTtlMs: values.VSBOT_TAIL_TTL ?? undefined,
      personaTtlMs: values.VSBOT_PERSONA_TTL ?? undefined,
    },
  }),
});
