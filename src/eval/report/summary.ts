import type { EvalReport, EvalSettings } from "../types.js";
import { visibleColumns } from "./columns.js";
import { markdownTable } from "./table.js";

/** The file names `--out DIR` writes. */
export const REPORT_FILES = {
  results: "results.json",
  summary: "summary.md",
  chart: "diversity.svg",
} as const;

function settingLines(settings: EvalSettings): string[] {
  const lines: string[] = [];
  if (settings.source === "saved-outputs") {
    lines.push("- Source: saved outputs (no model was asked for answers)");
    for (const [label, file] of Object.entries(settings.files ?? {})) {
      lines.push(`  - \`${label}\`: \`${file}\``);
    }
  } else {
    lines.push(`- Source: the configured model, task \`${settings.task}\``);
    lines.push(`- Model: ${settings.model ?? "unknown"}`);
    lines.push(`- Methods: ${(settings.methods ?? []).join(", ")}`);
    lines.push(
      `- Answers per prompt and method (N): ${settings.n}; candidates per VS call (k): ${settings.k}`,
    );
    lines.push(
      `- τ ${settings.tau}, probability wording ${settings.wording}, temperature ${settings.temperature}, top-p ${settings.topP}`,
    );
    lines.push(`- Concurrency ${settings.concurrency}, retries per call ${settings.retries}`);
  }
  lines.push(
    `- Embeddings: ${settings.embeddingModel ?? "not used (semantic diversity not measured)"}`,
  );
  lines.push(
    `- Judge: ${settings.judge ? `${settings.model ?? "the configured model"}, rubric \`${settings.rubric}\`` : "not used (quality not measured)"}`,
  );
  lines.push(`- Baseline: ${settings.baseline ? `\`${settings.baseline}\`` : "none"}`);
  lines.push(`- Started: ${settings.startedAt}`);
  return lines;
}

/** What each figure means, by the column headings it explains. */
const HOW_TO_READ: ReadonlyArray<readonly [readonly string[], string]> = [
  [
    ["ROUGE-L ↓"],
    "- **ROUGE-L ↓**: mean word-level ROUGE-L F1 over every pair of answers to the same prompt, averaged over prompts. 1 means the answers repeat each other word for word; lower is more diverse. Words are compared after folding case, punctuation and quotes.",
  ],
  [
    ["distinct-1 ↑", "distinct-2 ↑"],
    "- **distinct-1 / distinct-2 ↑**: distinct words (word pairs) divided by all words (word pairs) over every answer of the row. Higher means less repeated phrasing.",
  ],
  [
    ["semantic ↑"],
    "- **semantic ↑**: semantic diversity, (1 − mean pairwise cosine similarity of the answers' embeddings, negatives counted as 0) × 100 within each prompt, averaged over prompts. 0 means the answers say the same thing; higher is more diverse.",
  ],
  [
    ["quality ↑"],
    "- **quality ↑**: the mean score (1-10) the judge gave each answer against the rubric, × 10.",
  ],
  [
    ["KL ↓"],
    "- **KL ↓**: for picks from a known set, the KL divergence (nats) of the picks from a uniform spread over the set, averaged over prompts; 0 is a perfectly fair pick. With few answers over many options even fair picks show some divergence, so compare rows with the same N.",
  ],
  [
    ["lost"],
    "- **lost**: answers asked for but not obtained (calls that failed after retries, replies with fewer candidates than asked, unreadable lines). Figures are computed on the answers obtained.",
  ],
  [
    ["calls", "tokens/answer", "ms/answer"],
    "- **calls**, **tokens/answer**, **ms/answer**: model requests made (restated replies and failed attempts included), tokens the server reported, and time spent in model calls, per answer obtained. VS methods get k answers from one call.",
  ],
  [
    ["ROUGE-L ↓"],
    "- Diversity figures depend on the number of answers per prompt: compare rows with the same N.",
  ],
];

function howToRead(results: EvalReport["results"]): string[] {
  const shown = new Set(visibleColumns(results).map((column) => column.heading));
  return HOW_TO_READ.filter(([headings]) => headings.some((heading) => shown.has(heading))).map(
    ([, line]) => line,
  );
}

/** summary.md: the table, the chart, the settings, how to read the figures, and the warnings. */
export function summaryMarkdown(report: EvalReport): string {
  const title =
    report.settings.source === "saved-outputs"
      ? "vsbot eval: saved outputs"
      : `vsbot eval: ${report.settings.task} on ${report.settings.model ?? "the configured model"}`;
  const sections = [
    `# ${title}`,
    markdownTable(report.results),
    `![Diversity by method](${REPORT_FILES.chart})`,
    ["## Settings", ...settingLines(report.settings)].join("\n"),
    ["## How to read the figures", ...howToRead(report.results)].join("\n"),
  ];
  if (report.warnings.length > 0) {
    sections.push(["## Warnings", ...report.warnings.map((warning) => `- ${warning}`)].join("\n"));
  }
  return `${sections.join("\n\n")}\n`;
}
