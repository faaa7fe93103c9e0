const LABEL = "(?:probability|prob|p|confidence|likelihood|weight|score|chance|percentage|percent)";
const NUMBER = "((?:\\d{1,3}(?:\\.\\d+)?|\\.\\d+)(?:\\s?%)?)";
const QUALIFIER = "(?:[~≈<>≤≥]\\s*)?";
const LABELLED = `(?:(${LABEL})\\s*[:=]?\\s*)?${QUALIFIER}${NUMBER}`;

/** "(probability: 0.2)", "[p=0.1]", "(30%)" at the end of the item. */
const BRACKETED_AT_END = new RegExp(`[(\\[]\\s*${LABELLED}\\s*[)\\]]\\s*$`, "i");
/** "— 30%", "- p: 0.2" at the end of the item. */
const DASHED_AT_END = new RegExp(`(?:^|\\s)[—–-]{1,2}\\s*${LABELLED}\\s*$`, "i");
/** "Probability: 0.2", "**confidence** = 30%" at the end of the item or on its own line. */
const LABEL_AT_END = new RegExp(
  `(?:^|[\\s,;|(])\\**(${LABEL})\\**\\s*[:=]\\s*\\**\\s*${QUALIFIER}${NUMBER}\\**\\s*\\)?\\s*$`,
  "i",
);
/** "[0.3] text", "(p=0.2) text" at the start of the item. */
const BRACKETED_AT_START = new RegExp(`^\\s*[(\\[]\\s*${LABELLED}\\s*[)\\]]\\s*[:—–-]?\\s*`, "i");

const SEPARATORS = new Set([..." \t\r\n—–-|,;:"]);
/** Probability markers sit at the end of the item; only its tail is searched. */
const TAIL_LENGTH = 160;

export interface ListItemParts {
  readonly text: string;
  /** The probability as written ("0.2", "30%"), or undefined when the item states none. */
  readonly stated: string | undefined;
}

/** The text without what separated it from its probability ("text — 30%"). */
function withoutTrailingSeparators(text: string): string {
  let end = text.length;
  while (end > 0 && SEPARATORS.has(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * Without a label or a percent sign, a bare number in brackets is only a probability when it
 * is written as a decimal: "(2)" in a joke is more likely a footnote than a weight.
 */
function plausible(label: string | undefined, number: string): boolean {
  return label !== undefined || number.includes("%") || number.includes(".");
}

function matchAtEnd(text: string): { index: number; stated: string } | undefined {
  const offset = Math.max(0, text.length - TAIL_LENGTH);
  const tail = text.slice(offset);
  for (const pattern of [BRACKETED_AT_END, DASHED_AT_END]) {
    const match = pattern.exec(tail);
    const number = match?.[2];
    if (match && number !== undefined && plausible(match[1], number)) {
      return { index: offset + match.index, stated: number };
    }
  }
  const labelled = LABEL_AT_END.exec(tail);
  const number = labelled?.[2];
  if (labelled && number !== undefined) return { index: offset + labelled.index, stated: number };
  return undefined;
}

/** Separates a list item's stated probability from its text. */
export function splitListProbability(item: string): ListItemParts {
  const atEnd = matchAtEnd(item);
  if (atEnd !== undefined) {
    return { text: withoutTrailingSeparators(item.slice(0, atEnd.index)), stated: atEnd.stated };
  }
  const atStart = BRACKETED_AT_START.exec(item);
  const number = atStart?.[2];
  if (atStart && number !== undefined && plausible(atStart[1], number)) {
    return { text: item.slice(atStart[0].length), stated: number };
  }
  return { text: item, stated: undefined };
}
