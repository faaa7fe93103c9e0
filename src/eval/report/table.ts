import type { EvalResult } from "../types.js";
import { cell, visibleColumns } from "./columns.js";

/** The results as an aligned plain-text table, for the terminal. */
export function terminalTable(results: readonly EvalResult[]): string {
  const columns = visibleColumns(results);
  const rows = [
    columns.map((column) => column.heading),
    ...results.map((result) => columns.map((column) => cell(column, result))),
  ];
  const widths = columns.map((_, index) =>
    Math.max(...rows.map((row) => [...(row[index] ?? "")].length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((text, index) => {
        const pad = " ".repeat((widths[index] ?? 0) - [...text].length);
        return columns[index]?.text ? text + pad : pad + text;
      })
      .join("  ")
      .trimEnd();
  return `${rows.map(line).join("\n")}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The results as a Markdown table, for summary.md. */
export function markdownTable(results: readonly EvalResult[]): string {
  const columns = visibleColumns(results);
  const header = `| ${columns.map((column) => column.heading).join(" | ")} |`;
  const rule = `|${columns.map((column) => (column.text ? " --- |" : " ---: |")).join("")}`;
  const body = results.map(
    (result) => `| ${columns.map((column) => escapeMarkdown(cell(column, result))).join(" | ")} |`,
  );
  return [header, rule, ...body].join("\n");
}
