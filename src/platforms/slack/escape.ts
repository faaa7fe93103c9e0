/**
 * Escapes Slack's three control characters. Every text vsbot did not write itself goes through
 * this: it turns `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>` and `<!subteam^…>` into plain
 * text, since Slack has no allowed-mentions switch.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to at most `limit` characters, at a word boundary when one is near, with "…". */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, Math.max(0, limit - 1));
  const space = room.lastIndexOf(" ");
  const cut = space > limit * 0.6 ? room.slice(0, space) : room;
  return `${dropLoneSurrogate(cut).trimEnd()}…`;
}

function dropLoneSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
