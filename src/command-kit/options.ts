import { z } from "zod";
import { type InboundFile, isInboundFile } from "./inbound-file.js";
import { ATTACHMENT_FORMAT } from "./option-info.js";

/** C0/C1 control characters except tab and line feed, plus bidi overrides that can disguise text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes control characters and normalizes line endings; keeps tabs and line breaks. */
export function cleanUserText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

/**
 * A free-text option: at most `max` characters, control characters removed; with `min` 1 it
 * must hold something besides whitespace.
 */
export function userText(options: {
  readonly max: number;
  readonly min?: number;
  readonly label: string;
}) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${options.label} is required`
          : `${options.label} must be text`,
    })
    .max(options.max, `${options.label} must be at most ${options.max} characters`)
    .transform(cleanUserText)
    .refine((text) => text.length >= (options.min ?? 0), `${options.label} cannot be empty`);
}

/** Quotes user text for a prompt so it reads as data, whatever it imitates. */
export function quoteForPrompt(text: string): string {
  return JSON.stringify(text);
}

/** A whole number within bounds; text such as "7" is accepted from text-only platforms. */
export function wholeNumber(label: string, min: number, max: number) {
  const message = `${label} must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message);
}

const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

/** A yes/no option; text platforms may send true/false, yes/no, on/off or 1/0. */
export function flag(label: string) {
  return z.preprocess(
    (value) => {
      if (typeof value !== "string") return value;
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return value;
    },
    z.boolean({ message: `${label} must be true or false` }),
  );
}

/**
 * An attached file (Discord's attachment option). Text platforms cannot attach to a command:
 * their adapters find the file and pass it in this option themselves.
 */
export function attachedFile(label: string) {
  return z
    .custom<InboundFile>(isInboundFile, { message: `${label} must be an attached file` })
    .meta({ format: ATTACHMENT_FORMAT });
}
