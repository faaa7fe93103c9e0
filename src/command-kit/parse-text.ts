import type { OptionInfo } from "./option-info.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const match = /^(["'“])([\s\S]*)(["'”])$/.exec(trimmed);
  return match ? (match[2] ?? "") : trimmed;
}

/**
 * Reads options from the free text of a slash command on platforms without option fields
 * (Slack, the console): `name=value`, `name: value` or `--name value` set an option; the rest
 * of the text goes to the primary option. `/story a heist genre: noir` gives
 * premise "a heist" and genre "noir".
 */
export function parseOptionText(
  text: string,
  options: readonly OptionInfo[],
  primary: string | undefined,
): Record<string, string> {
  const names = options
    .map((option) => option.name)
    .sort((left, right) => right.length - left.length);
  const values: Record<string, string> = {};
  if (names.length === 0) {
    if (text.trim() && primary) values[primary] = unquote(text);
    return values;
  }
  const alternatives = names.map(escapeRegExp).join("|");
  const marker = new RegExp(
    `(^|\\s)(?:--(${alternatives})(?:=|\\s+|$)|(${alternatives})\\s*[=:]\\s*)`,
    "gi",
  );
  const free: string[] = [];
  let cursor = 0;
  let current: string | undefined;
  for (const match of text.matchAll(marker)) {
    const segment = text.slice(cursor, match.index + (match[1]?.length ?? 0));
    if (current) values[current] = unquote(segment);
    else free.push(segment);
    current = (match[2] ?? match[3] ?? "").toLowerCase();
    cursor = match.index + match[0].length;
  }
  const rest = text.slice(cursor);
  if (current) values[current] = unquote(rest);
  else free.push(rest);
  const freeText = free.join(" ").trim();
  if (freeText && primary && values[primary] === undefined) values[primary] = unquote(freeText);
  else if (freeText && primary) values[primary] = `${unquote(freeText)} ${values[primary]}`.trim();
  else if (freeText) values[""] = freeText;
  return values;
}

/** Splits a leading subcommand word off the text when the command has subcommands. */
export function splitSubcommand(
  text: string,
  subcommands: readonly string[],
): { readonly subcommand: string | undefined; readonly rest: string } {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  const first = match?.[1]?.toLowerCase();
  if (first && subcommands.includes(first)) return { subcommand: first, rest: match?.[2] ?? "" };
  return { subcommand: undefined, rest: text };
}
