import type { Figure, Target } from "./figures.js";

export interface ModuleResult {
  readonly bench: string;
  readonly figures: readonly Figure[];
  readonly seconds: number;
  /** Set when the module threw; its figures are then missing and count as missed. */
  readonly error?: string;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude === 0) return "0";
  if (magnitude >= 1000) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 0.01) return value.toFixed(2);
  return value.toPrecision(2);
}

function describeTarget(target: Target | null, unit: string): string {
  if (!target) return "-";
  return `${target.bound === "at most" ? "<=" : ">="} ${formatNumber(target.value)} ${unit}`;
}

function verdict(figure: Figure): string {
  if (figure.met === null) return "";
  return figure.met ? "met" : "MISSED";
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** One table of every figure, then how each was measured, then the overall verdict. */
export function renderTable(results: readonly ModuleResult[]): string[] {
  const rows: string[][] = [["bench", "figure", "value", "target", "result"]];
  const notes: string[] = [];
  for (const result of results) {
    if (result.error) {
      rows.push([result.bench, "(failed to run)", "-", "-", "MISSED"]);
      notes.push(`${result.bench}: ${result.error}`);
      continue;
    }
    for (const figure of result.figures) {
      rows.push([
        result.bench,
        figure.name,
        `${formatNumber(figure.value)} ${figure.unit}`,
        describeTarget(figure.target, figure.unit),
        verdict(figure),
      ]);
      if (figure.note) notes.push(`${result.bench} / ${figure.name}: ${figure.note}`);
    }
  }
  const judged = results.flatMap((result) => result.figures).filter((f) => f.met !== null);
  const missed = judged.filter((figure) => !figure.met).length + failures(results);
  return [
    ...columns(rows),
    "",
    "How each was measured:",
    ...notes.map((note) => `  ${note}`),
    "",
    missed === 0
      ? `All ${judged.length} targets met.`
      : `${missed} of ${judged.length + failures(results)} targets MISSED.`,
  ];
}

function failures(results: readonly ModuleResult[]): number {
  return results.filter((result) => result.error).length;
}

export function allMet(results: readonly ModuleResult[]): boolean {
  return (
    failures(results) === 0 &&
    results.every((result) => result.figures.every((figure) => figure.met !== false))
  );
}
