import { cleanUserText } from "../../../command-kit/options.js";

/**
 * Characters that change how text looks without being seen: C0 and C1 controls (tab and line
 * feed stay), bidi marks, embeddings, overrides and isolates, zero-width spaces and word
 * joiners, the byte order mark, soft hyphens, and Unicode tag characters (which can smuggle
 * hidden text). Zero-width joiners and non-joiners stay: emoji and Persian need them.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;
const ZERO_WIDTH_SPACE = "\u200b";
/** `@everyone` and `@here`, in any case. */
const EVERYONE = /@(everyone|here)/gi;
/**
 * Discord and Slack markup in angle brackets: user, role and channel mentions (`<@1>`,
 * `<@&1>`, `<#1>`), Slack's `<!channel>`, `<!here>`, `<!subteam^…>`, slash-command mentions
 * (`</cmd:1>`), and Slack links `<https://…|label>`.
 */
const ANGLE_MARKUP = /<(?=[@#!/&]|[a-z][\w+.-]*:)/gi;
/** Markdown masked links `[label](url)`, which hide where they lead. */
const MASKED_LINK = /\]\(/g;
/** Characters that would break a name out of the bold, code or spoiler it is shown in. */
const NAME_MARKUP = /[*`|~\\<>]/g;

/**
 * A card's text as the model should read it: line breaks normalized, controls, bidi overrides
 * and hidden tag characters removed, every word and mention kept.
 */
export function promptText(text: string): string {
  return cleanUserText(text.replace(/\udb40[\udc00-\udc7f]/g, ""));
}

/**
 * A card's text as people should see it: no invisible or direction-changing characters, and no
 * mention, channel link, masked link or Slack markup that would notify or mislead. Each is
 * broken with a zero-width space, so it still reads as written.
 */
export function displayText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, "")
    .replace(EVERYONE, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(ANGLE_MARKUP, `<${ZERO_WIDTH_SPACE}`)
    .replace(MASKED_LINK, `]${ZERO_WIDTH_SPACE}(`)
    .trim();
}

/**
 * A character's name for display on one line, at most `max` characters, with no markup that
 * could break out of the bold or code it is shown in.
 */
export function displayName(name: string, max = 100, fallback = "Character"): string {
  const line = displayText(name.replace(NAME_MARKUP, "").replace(/_{2,}/g, "_"))
    .replace(/\s+/g, " ")
    .trim();
  const clipped = Array.from(line).slice(0, max).join("").trim();
  return clipped || fallback;
}
