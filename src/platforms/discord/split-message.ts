/** Discord's limit on message content, in UTF-16 code units as Discord counts them. */
export const MESSAGE_LIMIT = 2000;

const FENCE = "```";
const CLOSING = `\n${FENCE}`;

interface CodeRange {
  /** Index of the opening fence. */
  readonly start: number;
  /** Index just after the closing fence. */
  readonly end: number;
  /** What reopens the block in a later part: the fence and its language tag, with a newline. */
  readonly opener: string;
}

function codeRanges(text: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  let position = text.indexOf(FENCE);
  while (position !== -1) {
    const close = text.indexOf(FENCE, position + FENCE.length);
    const end = close === -1 ? text.length : close + FENCE.length;
    const language = /^```([\w+#.-]{0,20})\n/.exec(text.slice(position, position + 32));
    ranges.push({ start: position, end, opener: `${FENCE}${language?.[1] ?? ""}\n` });
    position = close === -1 ? -1 : text.indexOf(FENCE, end);
  }
  return ranges;
}

function insideCode(position: number, ranges: readonly CodeRange[]): boolean {
  return ranges.some((range) => position > range.start && position < range.end);
}

/** Never cut between the two halves of a surrogate pair. */
function safeCut(text: string, position: number): number {
  const code = text.charCodeAt(position - 1);
  return code >= 0xd800 && code <= 0xdbff ? position - 1 : position;
}

/** Cut points after each match of `separator`, latest first, within `limit`. */
function cutsAfter(text: string, separator: RegExp, limit: number): number[] {
  const cuts: number[] = [];
  for (const match of text.slice(0, limit + 1).matchAll(separator)) {
    const cut = match.index + match[0].length;
    if (cut <= limit) cuts.push(cut);
  }
  return cuts.reverse();
}

/**
 * Where to end the first part: the last paragraph break, else line break (or a code block's
 * start), else sentence end, else space, else any character, never inside a code block.
 * Returns 0 when the text opens with a code block longer than the limit.
 */
function chooseCut(text: string, limit: number, ranges: readonly CodeRange[]): number {
  const blockStarts = ranges.map((range) => range.start).filter((start) => start <= limit);
  const preferences = [
    cutsAfter(text, /\n[ \t]*\n/g, limit),
    [...cutsAfter(text, /\n/g, limit), ...blockStarts].sort((left, right) => right - left),
    cutsAfter(text, /[.!?…]["')\]]*[ \t]+/g, limit),
    cutsAfter(text, /[ \t]+/g, limit),
  ];
  for (const cuts of preferences) {
    const cut = cuts.find((position) => position > 0 && !insideCode(position, ranges));
    if (cut !== undefined) return cut;
  }
  for (let position = safeCut(text, limit); position > 0; position--) {
    if (!insideCode(position, ranges)) return position;
  }
  return 0;
}

/** Splits a code block that starts the text and is longer than the limit: close, then reopen. */
function splitOpeningBlock(
  text: string,
  limit: number,
  block: CodeRange,
): { part: string; rest: string } {
  const room = limit - CLOSING.length;
  const lineEnd = text.lastIndexOf("\n", room);
  const cut = lineEnd > block.opener.length ? lineEnd : safeCut(text, room);
  const part = `${text.slice(0, cut).trimEnd()}${CLOSING}`;
  const remainder = text.slice(text[cut] === "\n" ? cut + 1 : cut);
  return { part, rest: `${block.opener}${remainder}` };
}

/**
 * Splits text into messages of at most `limit` characters: on paragraph, then line, then
 * sentence boundaries, never inside a ``` code block. A code block longer than the limit is
 * closed at the end of one part and reopened (with its language) at the start of the next.
 * An unclosed fence is closed, so every part has balanced fences.
 */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  if (limit < 32) throw new RangeError("splitMessage needs a limit of at least 32 characters");
  const fences = text.split(FENCE).length - 1;
  let rest = fences % 2 === 1 ? `${text.trimEnd()}${CLOSING}` : text;
  const parts: string[] = [];
  while (rest.length > limit) {
    const ranges = codeRanges(rest);
    const cut = chooseCut(rest, limit, ranges);
    const opening = ranges[0];
    if (cut === 0 && opening) {
      const split = splitOpeningBlock(rest, limit, opening);
      parts.push(split.part);
      rest = split.rest;
      continue;
    }
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).replace(/^\n+/, "");
  }
  if (rest.trim().length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
