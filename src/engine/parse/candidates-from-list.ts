import type { Extraction, FoundCandidate } from "./extraction.js";
import { splitListProbability } from "./list-probability.js";

/** "1.", "2)", "- ", "* ", "• ", and labelled ones: "Response 1:", "**Idea #2** -". */
const ITEM_MARKER =
  /^[ \t]*(?:\*\*)?(?:(?:response|option|answer|candidate|joke|idea|story|poem|reply|version|variant)[ \t]*#?\d{1,3}[ \t]*(?:\*\*)?[ \t]*[:.)—–-]|\d{1,3}[.)]|[-*•+])(?:\*\*)?[ \t]+(?=\S)/i;
const LINE_BREAK = /\r?\n/;
const LEADING_SPACE = /^[ \t]*/;

interface ListItem {
  readonly firstLine: string;
  readonly moreLines: string[];
}

/** "1." and "2)" are the same kind of marker, as are labelled ones; each bullet is its own. */
function markerKind(marker: string): string {
  const symbol = marker.trim().replace(/^\*\*/, "");
  if (/^\d/.test(symbol)) return "number";
  return /^[a-z]/i.test(symbol) ? "labelled" : symbol.charAt(0);
}

function indentation(line: string): number {
  return LEADING_SPACE.exec(line)?.[0].length ?? 0;
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function itemText(item: ListItem): string {
  const indents = item.moreLines.filter((line) => !isBlank(line)).map(indentation);
  const dedent = indents.length === 0 ? 0 : Math.min(...indents);
  return [item.firstLine, ...item.moreLines.map((line) => line.slice(dedent))].join("\n");
}

function collectItems(text: string): ListItem[] {
  const items: ListItem[] = [];
  let kind: string | undefined;
  for (const line of text.split(LINE_BREAK)) {
    const marker = ITEM_MARKER.exec(line);
    if (marker !== null && (kind === undefined || markerKind(marker[0]) === kind)) {
      kind = markerKind(marker[0]);
      items.push({ firstLine: line.slice(marker[0].length), moreLines: [] });
    } else {
      items.at(-1)?.moreLines.push(line);
    }
  }
  return items;
}

/** After the last item, a blank line and then unindented text is the model's sign-off. */
function dropClosingProse(item: ListItem): void {
  const lines = item.moreLines;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (isBlank(lines[index - 1] ?? "") && !isBlank(line) && indentation(line) === 0) {
      lines.length = index;
      return;
    }
  }
}

/**
 * Candidates from a numbered or bulleted list, the fallback for replies with neither JSON nor
 * tags. Items run until the next marker of the same kind; a lone item is not a list.
 */
export function candidatesFromList(text: string, finishReason: string | undefined): Extraction {
  const items = collectItems(text);
  if (items.length < 2) return { located: false, found: [], partial: 0, cut: false, skipped: 0 };
  const last = items.at(-1);
  if (last !== undefined) dropClosingProse(last);
  const cut = finishReason === "length";
  const complete = cut ? items.slice(0, -1) : items;
  const found: FoundCandidate[] = complete.map((item) => splitListProbability(itemText(item)));
  return { located: true, found, partial: cut ? 1 : 0, cut, skipped: 0 };
}
