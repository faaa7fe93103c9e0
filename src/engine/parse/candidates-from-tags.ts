import type { Extraction, FoundCandidate } from "./extraction.js";
import { decodeMarkup } from "./markup-text.js";
import { PROBABILITY_KEYS, TEXT_KEYS } from "./synonyms.js";

/** "response" opens the block itself; "p" would catch HTML paragraphs. */
const TEXT_TAGS = [...TEXT_KEYS].filter((name) => name !== "response");
const PROBABILITY_TAGS = [...PROBABILITY_KEYS].filter((name) => name !== "p");

const BLOCK_OPEN = /<response(?:\s[^<>]*)?>/gi;
const BLOCK_CLOSE = /<\/responses?\s*>/gi;
const TEXT_OPEN = new RegExp(`<(${TEXT_TAGS.join("|")})(?:\\s[^<>]*)?>`, "i");
const TEXT_CLOSE = new Map(TEXT_TAGS.map((name) => [name, new RegExp(`</${name}\\s*>`, "i")]));
const PROBABILITY_ELEMENT = new RegExp(
  `<(${PROBABILITY_TAGS.join("|")})(?:\\s[^<>]*)?>([^<]*)(</\\1\\s*>)?`,
  "i",
);
const PROBABILITY_ATTRIBUTE = new RegExp(
  `\\b(?:${PROBABILITY_TAGS.join("|")})\\s*=\\s*["']?([^"'\\s<>]+)`,
  "i",
);

export function hasResponseTags(text: string): boolean {
  BLOCK_OPEN.lastIndex = 0;
  return BLOCK_OPEN.test(text);
}

interface Block {
  readonly openTag: string;
  readonly content: string;
  /** True when `</response>` or the next `<response>` ended the block. */
  readonly ended: boolean;
}

function positions(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    matches.push(match);
  }
  return matches;
}

function splitBlocks(text: string): Block[] {
  const opens = positions(BLOCK_OPEN, text);
  const closes = positions(BLOCK_CLOSE, text);
  const blocks: Block[] = [];
  let closeIndex = 0;
  opens.forEach((open, index) => {
    const contentStart = open.index + open[0].length;
    const nextOpen = opens[index + 1]?.index ?? text.length;
    while ((closes[closeIndex]?.index ?? text.length) < contentStart) closeIndex++;
    const close = closes[closeIndex];
    const closedBeforeNext = close !== undefined && close.index < nextOpen;
    const contentEnd = closedBeforeNext ? close.index : nextOpen;
    blocks.push({
      openTag: open[0],
      content: text.slice(contentStart, contentEnd),
      ended: closedBeforeNext || index + 1 < opens.length,
    });
  });
  return blocks;
}

interface Element {
  readonly value: string;
  readonly closed: boolean;
  readonly start: number;
  readonly end: number;
}

function probabilityElement(content: string, from: number): Element | undefined {
  const match = PROBABILITY_ELEMENT.exec(content.slice(from));
  if (match === null) return undefined;
  const start = from + match.index;
  return {
    value: match[2] ?? "",
    closed: match[3] !== undefined,
    start,
    end: start + match[0].length,
  };
}

function textElement(content: string): Element | undefined {
  const open = TEXT_OPEN.exec(content);
  if (open === null) return undefined;
  const start = open.index + open[0].length;
  const closePattern = TEXT_CLOSE.get((open[1] ?? "").toLowerCase());
  const close = closePattern?.exec(content.slice(start));
  if (close !== undefined && close !== null) {
    const end = start + close.index;
    return {
      value: content.slice(start, end),
      closed: true,
      start: open.index,
      end: end + close[0].length,
    };
  }
  const probability = probabilityElement(content, start);
  const end = probability?.start ?? content.length;
  return { value: content.slice(start, end), closed: false, start: open.index, end };
}

interface BlockReading {
  readonly candidate: FoundCandidate;
  /** Whether the block is whole enough to keep when the output ended inside it. */
  readonly complete: boolean;
}

function readBlock(block: Block): BlockReading {
  const text = textElement(block.content);
  const probability =
    text === undefined
      ? probabilityElement(block.content, 0)
      : (probabilityElement(block.content, text.end) ??
        probabilityElement(block.content.slice(0, text.start), 0));
  const stated = probability?.value ?? PROBABILITY_ATTRIBUTE.exec(block.openTag)?.[1];
  const rawText =
    text?.value ??
    (probability === undefined
      ? block.content
      : block.content.slice(0, probability.start) + block.content.slice(probability.end));
  return {
    candidate: { text: decodeMarkup(rawText), stated },
    complete: text?.closed === true && (probability === undefined || probability.closed),
  };
}

/**
 * Candidates from `<response><text>..</text><probability>..</probability></response>` blocks.
 * The last block may lack `</response>`; it is kept only when its parts are closed and the
 * model did not stop at the token limit, since then it could have had more to say.
 */
export function candidatesFromTags(text: string, finishReason: string | undefined): Extraction {
  const blocks = splitBlocks(text);
  const found: FoundCandidate[] = [];
  let partial = 0;
  blocks.forEach((block, index) => {
    const reading = readBlock(block);
    const isLast = index === blocks.length - 1;
    if (isLast && !block.ended && (!reading.complete || finishReason === "length")) {
      partial++;
      return;
    }
    found.push(reading.candidate);
  });
  return { located: blocks.length > 0, found, partial, cut: partial > 0, skipped: 0 };
}
