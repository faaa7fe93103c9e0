import { promptText } from "../cards/display-text.js";
import { type MacroNames, substituteNames } from "../cards/macros.js";
import { estimateTokens } from "../personas.js";
import { type LoreDecorators, readDecorators } from "./decorators.js";
import { fitBudget } from "./fit-budget.js";
import { type KeyOptions, keyMatcher, type ScanText, scanText } from "./key-matcher.js";
import type { LoreBook, LoreEntry } from "./lore-book.js";
import type { ChosenLore, LoreReason, LoreSelection } from "./lore-selection.js";
import { secondaryLogic } from "./secondary-logic.js";

/** Characters of conversation searched for keys, newest kept: bounds the work per turn. */
export const LORE_SCAN_LIMIT = 16_000;
/** Rounds of recursive scanning, for books that ask for it. */
const RECURSION_ROUNDS = 3;

export interface LoreSelectionOptions {
  /** Tokens (characters / 4) the chosen entries may take; the book's token_budget caps it too. */
  readonly budgetTokens: number;
  /** Substituted into keys and content before matching. */
  readonly names?: MacroNames;
  /** For entries that do not say; false unless given, as in SillyTavern. */
  readonly caseSensitive?: boolean;
  /** For entries that do not say (SillyTavern's `match_whole_words`); false unless given. */
  readonly wholeWords?: boolean;
  /** Latest messages scanned when neither entry nor book says; all given messages by default. */
  readonly scanDepth?: number;
}

interface Key {
  readonly text: string;
  readonly matches: (scan: ScanText) => boolean;
}

interface Candidate {
  readonly entry: LoreEntry;
  readonly index: number;
  readonly content: string;
  readonly decorators: LoreDecorators;
  readonly keys: readonly Key[];
  readonly secondaryKeys: readonly Key[];
  readonly additionalKeys: readonly Key[];
  readonly excludeKeys: readonly Key[];
}

/**
 * The lore entries to insert for this turn, given the latest messages (oldest first) and a
 * token budget. Enabled entries are chosen when one of their keys appears in the scanned
 * messages (case and whole-word matching as the entry, then the options, say; selective entries
 * also need their secondary keys, by SillyTavern's selectiveLogic), or when constant. When they
 * do not all fit, constant entries go in first, then higher priority, then higher
 * insertion_order (the V2 and V3 specs' rule); an entry is never cut. Pure.
 */
export function selectLore(
  book: LoreBook | undefined,
  messages: readonly string[],
  options: LoreSelectionOptions,
): LoreSelection {
  const budget = Math.max(
    0,
    Math.floor(Math.min(options.budgetTokens, book?.tokenBudget ?? Infinity)),
  );
  if (!book) return { chosen: [], overBudget: [], tokens: 0, budget };
  const names = options.names;
  const substitute = (text: string) => (names ? substituteNames(text, names) : text);
  const candidates = book.entries
    .map((entry, index) => candidate(entry, index, options, substitute))
    .filter((found): found is Candidate => found !== null);

  const scans = new Map<number, ScanText>();
  const scanFor = (depth: number | undefined) => {
    const key = depth ?? -1;
    let scan = scans.get(key);
    if (!scan) {
      scan = scanText(window(messages, depth));
      scans.set(key, scan);
    }
    return scan;
  };
  const reasons = new Map<number, LoreReason>();
  for (const found of candidates) {
    const depth =
      found.decorators.scanDepth ??
      entryScanDepth(found.entry) ??
      book.scanDepth ??
      options.scanDepth;
    const reason = activation(found, scanFor(depth));
    if (reason) reasons.set(found.index, reason);
  }
  if (book.recursiveScanning === true) recurse(candidates, reasons);
  return fitBudget(matchedLore(candidates, reasons), budget);
}

function candidate(
  entry: LoreEntry,
  index: number,
  options: LoreSelectionOptions,
  substitute: (text: string) => string,
): Candidate | null {
  if (!entry.enabled) return null;
  const { decorators, content } = readDecorators(entry.content);
  const text = substitute(promptText(content));
  if (!text || (decorators.dontActivate && !decorators.activate)) return null;
  const { extensions } = entry;
  const keyOptions: KeyOptions = {
    caseSensitive:
      entry.caseSensitive ?? flag(extensions.case_sensitive) ?? options.caseSensitive ?? false,
    wholeWords: flag(extensions.match_whole_words) ?? options.wholeWords ?? false,
    useRegex: entry.useRegex === true,
  };
  const compile = (keys: readonly string[]): Key[] =>
    keys
      .filter((key) => key.trim())
      .map((key) => ({ text: key, matches: keyMatcher(substitute(key), keyOptions) }));
  return {
    entry,
    index,
    content: text,
    decorators,
    keys: compile(entry.keys),
    secondaryKeys: entry.selective === true ? compile(entry.secondaryKeys ?? []) : [],
    additionalKeys: compile(decorators.additionalKeys),
    excludeKeys: compile(decorators.excludeKeys),
  };
}

function activation(found: Candidate, scan: ScanText): LoreReason | null {
  const { entry, decorators } = found;
  if (decorators.activate) return { kind: "decorator" };
  if (entry.constant === true) return { kind: "constant" };
  const matches = (key: Key) => key.matches(scan);
  const key = found.keys.find(matches);
  if (key === undefined) return null;
  if (found.additionalKeys.length > 0 && !found.additionalKeys.some(matches)) return null;
  if (found.excludeKeys.some(matches)) return null;
  const secondary = found.secondaryKeys;
  if (secondary.length === 0) return { kind: "key", key: key.text };
  const logic = secondaryLogic(entry.extensions);
  const matched = secondary.filter(matches);
  const passes =
    logic === "and_any"
      ? matched.length > 0
      : logic === "and_all"
        ? matched.length === secondary.length
        : logic === "not_any"
          ? matched.length === 0
          : matched.length < secondary.length;
  if (!passes) return null;
  const secondaryKey = matched[0]?.text;
  return {
    kind: "key",
    key: key.text,
    logic,
    ...(secondaryKey === undefined ? {} : { secondaryKey }),
  };
}

function flag(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** Entries' content scanned for other entries' keys, a few rounds, within the scan limit. */
function recurse(candidates: readonly Candidate[], reasons: Map<number, LoreReason>): void {
  let sources = candidates.filter((found) => reasons.has(found.index));
  for (let round = 0; round < RECURSION_ROUNDS && sources.length > 0; round++) {
    const text = sources
      .filter((found) => found.entry.extensions.prevent_recursion !== true)
      .map((found) => found.content)
      .join("\n")
      .slice(0, LORE_SCAN_LIMIT);
    const scan = scanText(text);
    const added: Candidate[] = [];
    for (const found of candidates) {
      if (reasons.has(found.index) || found.entry.extensions.exclude_recursion === true) continue;
      const reason = activation(found, scan);
      if (reason?.kind !== "key") continue;
      reasons.set(found.index, { kind: "recursion", key: reason.key });
      added.push(found);
    }
    sources = added;
  }
}

/** The matched entries as chosen and left-out lore, in that order of precedence. */
function matchedLore(
  candidates: readonly Candidate[],
  reasons: ReadonlyMap<number, LoreReason>,
): ChosenLore[] {
  const matched: ChosenLore[] = [];
  for (const found of candidates) {
    const reason = reasons.get(found.index);
    if (!reason) continue;
    matched.push({
      entry: found.entry,
      index: found.index,
      content: found.content,
      tokens: estimateTokens(found.content),
      position: found.entry.position ?? "after_char",
      reason,
    });
  }
  return matched;
}

function entryScanDepth(entry: LoreEntry): number | undefined {
  const depth = entry.extensions.scan_depth;
  return typeof depth === "number" && Number.isFinite(depth) && depth >= 0 ? depth : undefined;
}

/** The latest `depth` messages (all when undefined), newest last, within the scan limit. */
function window(messages: readonly string[], depth: number | undefined): string {
  const from = depth === undefined ? 0 : Math.max(0, messages.length - Math.floor(depth));
  const text = messages.slice(from).join("\n");
  return text.length > LORE_SCAN_LIMIT ? text.slice(text.length - LORE_SCAN_LIMIT) : text;
}
