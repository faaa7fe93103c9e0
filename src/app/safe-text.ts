/**
 * Model text made safe to show, on any platform: no invisible characters that reorder or
 * hide what is shown, and no answer longer than the bot is willing to post.
 */

/** The default of VSBOT_MAX_ANSWER_CHARS. */
export const DEFAULT_MAX_ANSWER_CHARS = 4000;

/**
 * Invisible formatting (Unicode category Cf: bidi embeddings, overrides and isolates, zero-width
 * spaces, word joiners, the BOM, soft hyphens, tags...), control characters other than line
 * breaks and tabs, and the Hangul fillers used to make blank names.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0]/gu;
/** Line and paragraph separators render as breaks on some clients and not on others. */
const SEPARATORS = /[\u2028\u2029]/g;
/** Subdivision flags (🏴 + tag letters + cancel tag) are the one legitimate use of tags. */
const FLAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const JOINERS = new Set(["\u200C", "\u200D"]);
const VISIBLE_NEIGHBOUR = /[^\s\p{Cf}\p{Cc}]/u;

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, (character: string, offset: number, whole: string) => {
    if (character === "\n" || character === "\t") return character;
    // Zero-width (non-)joiners shape emoji sequences and several scripts; kept between visible characters.
    if (JOINERS.has(character)) {
      const before = whole.codePointAt(offset - 1);
      const after = whole.codePointAt(offset + 1);
      const visible = (code: number | undefined) =>
        code !== undefined && VISIBLE_NEIGHBOUR.test(String.fromCodePoint(code));
      if (visible(before) && visible(after)) return character;
    }
    return "";
  });
}

/**
 * Removes bidi controls and other invisible formatting characters, so text reads as it
 * displays: a model cannot reverse a file name or hide words. Emoji and scripts that need
 * zero-width joiners, and subdivision flags, are left whole.
 */
export function neutralizeText(text: string): string {
  const unified = text.replace(/\r\n?/g, "\n").replace(SEPARATORS, "\n");
  let result = "";
  let last = 0;
  for (const match of unified.matchAll(FLAG_SEQUENCE)) {
    result += stripInvisible(unified.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return result + stripInvisible(unified.slice(last));
}

function groupDigits(count: number): string {
  return count.toLocaleString("en-US");
}

/** Never leaves half a surrogate pair at the end. */
function withoutLoneSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/**
 * Cuts text longer than `maxChars` (mark included) at a line or word break near the limit,
 * and says so at the end, with the original length.
 */
export function boundAnswer(text: string, maxChars = DEFAULT_MAX_ANSWER_CHARS): string {
  if (text.length <= maxChars) return text;
  const mark = `\n\n… [cut: the answer was ${groupDigits(text.length)} characters; only the first ${groupDigits(maxChars)} are shown]`;
  const room = Math.max(1, maxChars - mark.length);
  const window = text.slice(0, room);
  const lineBreak = window.lastIndexOf("\n");
  const space = window.lastIndexOf(" ");
  const cut = lineBreak > room * 0.8 ? lineBreak : space > room * 0.8 ? space : room;
  return `${withoutLoneSurrogate(window.slice(0, cut)).trimEnd()}${mark}`;
}

/** What every body shown to users passes through. */
export function safeText(text: string, maxChars = DEFAULT_MAX_ANSWER_CHARS): string {
  return boundAnswer(neutralizeText(text), maxChars);
}
