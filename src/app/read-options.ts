import type { OptionsSchema } from "../command-kit/definition.js";
import { describeOptions } from "../command-kit/option-info.js";
import { parseOptionText } from "../command-kit/parse-text.js";
import { VsbotError } from "../engine/errors.js";

/** An invalid_input error whose message is the one to show the user. */
export function invalidInput(message: string): VsbotError {
  return new VsbotError("invalid_input", message, { userMessage: message });
}

/**
 * A command's options from structured fields and/or free text, validated by its schema.
 * Unknown options, stray free text and invalid values fail with a message naming them.
 */
export function readOptions(
  given: { readonly options?: Readonly<Record<string, unknown>>; readonly text?: string },
  schema: OptionsSchema,
  primary: string | undefined,
  label: string,
): Record<string, unknown> {
  const infos = describeOptions(schema);
  const raw: Record<string, unknown> = { ...(given.options ?? {}) };
  if (given.text !== undefined) {
    const fromText = parseOptionText(given.text, infos, primary);
    if (fromText[""] !== undefined) {
      throw invalidInput(`${label} takes no free text; use name=value for its options.`);
    }
    Object.assign(raw, fromText);
  }
  const known = new Set(infos.map((info) => info.name));
  const unknown = Object.keys(raw).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const hint = known.size > 0 ? ` It takes: ${[...known].join(", ")}.` : " It takes no options.";
    throw invalidInput(
      `Unknown option ${unknown.map((name) => `"${name}"`).join(", ")} for ${label}.${hint}`,
    );
  }
  for (const [name, value] of Object.entries(raw)) {
    if (value === null || value === undefined) delete raw[name];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw invalidInput(`${label}: ${messages}.`.replace(/\.\.$/, "."));
  }
  return parsed.data as Record<string, unknown>;
}
