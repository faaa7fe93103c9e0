import type { EvalResult } from "../types.js";

/** One column of the results table, shared by the terminal and summary.md. */
export interface Column {
  readonly heading: string;
  /** Text columns are left-aligned, figures right-aligned. */
  readonly text: boolean;
  /** Shown even when every row lacks it, since it is what every run is about. */
  readonly always: boolean;
  readonly value: (result: EvalResult) => string | number | null;
  readonly digits?: number;
}

export const NOT_MEASURED = "–";

export const COLUMNS: readonly Column[] = [
  { heading: "label", text: true, always: true, value: (result) => result.label },
  { heading: "method", text: true, always: false, value: (result) => result.method },
  { heading: "prompts", text: false, always: true, value: (result) => result.prompts },
  { heading: "answers", text: false, always: true, value: (result) => result.answers },
  { heading: "lost", text: false, always: true, value: (result) => result.lost },
  { heading: "calls", text: false, always: false, value: (result) => result.modelCalls },
  { heading: "ROUGE-L ↓", text: false, always: true, value: (result) => result.rougeL, digits: 3 },
  { heading: "distinct-1 ↑", text: false, always: true, value: (r) => r.distinct1, digits: 3 },
  { heading: "distinct-2 ↑", text: false, always: true, value: (r) => r.distinct2, digits: 3 },
  {
    heading: "semantic ↑",
    text: false,
    always: false,
    value: (result) => result.semanticDiversity,
    digits: 1,
  },
  { heading: "quality ↑", text: false, always: false, value: (r) => r.quality, digits: 1 },
  { heading: "KL ↓", text: false, always: false, value: (r) => r.klToUniform, digits: 3 },
  {
    heading: "tokens/answer",
    text: false,
    always: false,
    value: (result) => result.tokensPerAnswer,
    digits: 0,
  },
  {
    heading: "ms/answer",
    text: false,
    always: false,
    value: (result) => result.latencyMsPerAnswer,
    digits: 0,
  },
];

/** The columns worth showing: the core ones, and any other that some row has a value for. */
export function visibleColumns(results: readonly EvalResult[]): Column[] {
  return COLUMNS.filter(
    (column) => column.always || results.some((result) => column.value(result) !== null),
  );
}

export function cell(column: Column, result: EvalResult): string {
  const value = column.value(result);
  if (value === null) return NOT_MEASURED;
  if (typeof value === "string") return value;
  return column.digits === undefined ? String(value) : value.toFixed(column.digits);
}
