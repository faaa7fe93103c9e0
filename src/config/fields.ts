import { z } from "zod";

/** Field schemas shared by the configuration areas. Every value arrives as a trimmed string. */

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;
export const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A duration such as 90s, 30m, 24h or 7d (seconds when no unit); 0/none/never/off is null. */
export function duration(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, context) => {
      if (/^(0|none|never|off)$/i.test(text)) return null;
      const match = DURATION.exec(text);
      if (!match) {
        context.addIssue({
          code: "custom",
          message: `must be a duration like 90s, 30m, 24h or 7d, or "none" (got ${JSON.stringify(text)})`,
        });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * (UNIT_MS[(match[2] ?? "s").toLowerCase()] ?? 1000));
    });
}

export function integer(fallback: number, min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ message })
    .int(message)
    .min(min, message)
    .max(max, message)
    .default(fallback);
}

export function decimal(fallback: number, min: number, max: number, exclusiveMin = false) {
  const range = exclusiveMin ? `above ${min} and up to ${max}` : `from ${min} to ${max}`;
  return z.coerce
    .number({ message: `must be a number ${range}` })
    .refine((value) => Number.isFinite(value), `must be a number ${range}`)
    .refine((value) => (exclusiveMin ? value > min : value >= min) && value <= max, {
      message: `must be a number ${range}`,
    })
    .default(fallback);
}

export const httpUrl = z
  .string()
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL, e.g. http://localhost:11434/v1")
  .optional();

export const autoOnOff = z.enum(["auto", "on", "off"], {
  message: 'must be "auto", "on" or "off"',
});
export type AutoOnOff = z.infer<typeof autoOnOff>;

export function onOff(fallback: "on" | "off") {
  return z
    .enum(["on", "off"], { message: 'must be "on" or "off"' })
    .default(fallback)
    .transform((value) => value === "on");
}

export const secret = z.string().optional();

export function oneOf<const Values extends readonly [string, ...string[]]>(
  values: Values,
  fallback: Values[number],
) {
  return z.enum(values, { message: `must be one of ${values.join(", ")}` }).default(fallback);
}

/**
 * A count per period like 30/1h or 5/10m; "off", "none" or 0 is null. Used for limits that
 * every instance counts together through the store.
 */
export function countPerPeriod(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, context) => {
      if (/^(off|none|0)$/i.test(text)) return null;
      const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(text);
      const count = Number(match?.[1]);
      if (!match || !(count > 0)) {
        context.addIssue({
          code: "custom",
          message: 'must be a count per period like 30/1h or 5/10m, or "off"',
        });
        return z.NEVER;
      }
      return {
        count,
        windowMs: Math.round(Number(match[2]) * (UNIT_MS[(match[3] ?? "h").toLowerCase()] ?? 1)),
      };
    });
}

/** Comma-separated values, trimmed, blanks dropped; an empty list when unset. */
export const commaList = z
  .string()
  .default("")
  .transform((text) =>
    text
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );
