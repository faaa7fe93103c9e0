import { escapeSlackText } from "./escape.js";

/** Fenced blocks and inline code: escaped like the rest, but never reformatted. */
const CODE = /(```[\s\S]*?```|`[^`\n]+`)/;

/**
 * The light markdown of replies (and model output) as Slack mrkdwn, with `&`, `<` and `>`
 * escaped everywhere so nothing in it can mention, link or notify.
 */
export function toMrkdwn(text: string): string {
  return text
    .split(CODE)
    .map((part, index) =>
      index % 2 === 1 ? escapeSlackText(part) : convertEmphasis(escapeSlackText(part)),
    )
    .join("");
}

function convertEmphasis(text: string): string {
  return text
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, "*$1*")
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "*$1*")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "~$1~");
}
