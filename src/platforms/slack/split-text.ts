const FENCE = "```";
const CLOSE_FENCE = "\n```";
const OPEN_FENCE = "```\n";

interface Cut {
  /** Where this chunk ends (exclusive). */
  readonly end: number;
  /** Where the rest starts: the separator is dropped. */
  readonly next: number;
}

/**
 * Splits text into chunks of at most `limit` characters, cutting at a paragraph, then a line,
 * then a sentence, then a word. A code fence cut in two is closed and reopened, so every chunk
 * renders on its own. An `&…;` entity or a surrogate pair is never cut.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 32) throw new RangeError(`splitText needs a limit of at least 32, got ${limit}`);
  const chunks: string[] = [];
  let rest = text;
  let insideFence = false;
  while (rest.length > 0) {
    const prefix: string = insideFence ? OPEN_FENCE : "";
    if (prefix.length + rest.length <= limit) {
      chunks.push(prefix + rest);
      break;
    }
    const cut = findCut(rest, limit - prefix.length - CLOSE_FENCE.length);
    let chunk: string = prefix + rest.slice(0, cut.end).trimEnd();
    rest = rest.slice(cut.next);
    insideFence = countFences(chunk) % 2 === 1;
    if (insideFence) chunk += CLOSE_FENCE;
    if (chunk.trim().length > 0) chunks.push(chunk);
  }
  return chunks;
}

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}

function findCut(text: string, room: number): Cut {
  const window = text.slice(0, room + 1);
  const paragraph = window.lastIndexOf("\n\n");
  if (paragraph > room * 0.5) return { end: paragraph, next: skipNewlines(text, paragraph) };
  const line = window.lastIndexOf("\n");
  if (line > room * 0.5) return { end: line, next: line + 1 };
  const sentence = lastSentenceEnd(window.slice(0, room));
  if (sentence > room * 0.5) return { end: sentence, next: sentence + 1 };
  const space = window.lastIndexOf(" ");
  if (space > room * 0.3) return { end: space, next: space + 1 };
  const end = safeHardCut(text, room);
  return { end, next: end };
}

function skipNewlines(text: string, from: number): number {
  let index = from;
  while (text[index] === "\n") index += 1;
  return index;
}

/** The index of the whitespace after the last sentence end, or -1. */
function lastSentenceEnd(text: string): number {
  let found = -1;
  for (const match of text.matchAll(/[.!?…]["')\]”’]?(?=\s)/g)) {
    found = match.index + match[0].length;
  }
  return found;
}

function safeHardCut(text: string, room: number): number {
  let end = Math.max(1, room);
  const ampersand = text.lastIndexOf("&", end - 1);
  if (ampersand !== -1 && end - ampersand <= 6 && !text.slice(ampersand, end).includes(";")) {
    end = ampersand > 0 ? ampersand : end;
  }
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff && end > 1) end -= 1;
  return end;
}
