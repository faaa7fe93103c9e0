/**
 * Slack message or command text as plain text for the model: mentions, channels and links
 * unwrapped (the bot's own mention dropped), then `&amp;`, `&lt;`, `&gt;` decoded.
 */
export function plainFromSlack(text: string, botUserId?: string): string {
  const withoutBot = botUserId
    ? text.replace(new RegExp(`\\s*<@${botUserId.replace(/\W/g, "")}(?:\\|[^>]*)?>`, "g"), "")
    : text;
  return withoutBot
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => describeEntity(inner))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

function describeEntity(inner: string): string {
  const separator = inner.indexOf("|");
  const target = separator === -1 ? inner : inner.slice(0, separator);
  const label = separator === -1 ? "" : inner.slice(separator + 1);
  if (target.startsWith("@")) return label ? `@${label.replace(/^@/, "")}` : target;
  if (target.startsWith("#")) return label ? `#${label}` : target;
  if (target.startsWith("!")) {
    if (label) return label;
    return `@${target.slice(1).split("^")[0] ?? ""}`;
  }
  return label && label !== target ? `${label} (${target})` : target;
}
