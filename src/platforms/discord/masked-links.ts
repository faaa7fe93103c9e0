/**
 * Discord renders `[text](url)` as a link showing only `text`. When the text itself looks
 * like an address, a model (or whoever steers it) can show one address and link another:
 * `[https://discord.com/safe](https://evil.example)`. Such links are escaped, so both
 * halves show as plain text. Links with ordinary words as their text stay links.
 */
const MASKED_LINK = /\[([^[\]\n]{0,300})\]\(\s*<?([^()\s<>]{1,2000})>?(?:\s+"[^"\n]*")?\s*\)/g;
/** A scheme, a www. prefix, or a dotted host name with a letters-only top-level domain. */
const LOOKS_LIKE_ADDRESS =
  /([a-z][a-z0-9+.-]*:\/\/|\bwww\.|(^|[^\p{L}\p{N}-])[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,63}\b)/iu;
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]+`)/;

function escapeLink(text: string): string {
  return text.replace(MASKED_LINK, (whole: string, label: string) => {
    const plain = label.replace(/[*_~`|\\]/g, "");
    return LOOKS_LIKE_ADDRESS.test(plain) ? whole.replace(/[[\]()]/g, "\\$&") : whole;
  });
}

/** Escapes masked links whose text looks like a URL or domain, outside code. */
export function defuseMaskedLinks(text: string): string {
  return text
    .split(CODE)
    .map((part, index) => (index % 2 === 1 ? part : escapeLink(part)))
    .join("");
}
