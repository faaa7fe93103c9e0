import { z } from "zod";
import { defineArea, variable } from "./variable.js";

/** Health and metrics for monitoring systems. */
export const observabilityArea = defineArea({
  title: "Monitoring",
  variables: {
    VSBOT_METRICS_PORT: variable(
      z.coerce
        .number({ message: "must be a whole number from 1 to 65535" })
        .int("must be a whole number from 1 to 65535")
        .min(1, "must be a whole number from 1 to 65535")
        .max(65535, "must be a whole number from 1 to 65535")
        .optional(),
      {
        help: "Port for GET /healthz, /readyz and /metrics (Prometheus) in every mode; it must differ from PORT. With Discord shards the manager takes this port and shard N the port plus 1 plus N.",
        example: "9090",
        fallback: "unset (no listener)",
      },
    ),
  },
  read: (values) => ({
    /** Where health and metrics are served, or undefined for nowhere. */
    metricsPort: values.VSBOT_METRICS_PORT,
  }),
});
