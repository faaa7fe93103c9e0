import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EvalReport } from "../types.js";
import { diversityChart } from "./chart.js";
import { REPORT_FILES, summaryMarkdown } from "./summary.js";

/** The one JSON object of `--json` (on one line) and results.json (indented). */
export function reportJson(report: EvalReport, options: { readonly pretty: boolean }): string {
  const { results, settings, warnings } = report;
  return `${JSON.stringify({ results, settings, warnings }, null, options.pretty ? 2 : undefined)}\n`;
}

/** One line saying how the chart's figures were made. */
function caption(report: EvalReport): string {
  const { settings } = report;
  if (settings.source === "saved-outputs") return "Saved outputs, measured by vsbot eval.";
  return `Task ${settings.task}, N=${settings.n} per prompt and method, k=${settings.k}, model ${settings.model ?? "unknown"}.`;
}

/** Writes results.json, summary.md and diversity.svg into `directory` (made if missing). */
export async function writeReport(report: EvalReport, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const baseline = report.results.findIndex((result) => result.label === report.settings.baseline);
  const files: Array<[string, string]> = [
    [REPORT_FILES.results, reportJson(report, { pretty: true })],
    [REPORT_FILES.summary, summaryMarkdown(report)],
    [REPORT_FILES.chart, diversityChart(report.results, { baseline, caption: caption(report) })],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(directory, name);
    await writeFile(file, content, "utf8");
    written.push(file);
  }
  return written;
}
