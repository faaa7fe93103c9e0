import type { EvalResult } from "../types.js";

/** One panel of the chart: a diversity figure on a 0-100 scale, higher meaning more diverse. */
interface Panel {
  readonly title: string;
  readonly value: (result: EvalResult) => number | null;
}

const PANELS: readonly Panel[] = [
  {
    title: "Semantic diversity (embeddings)",
    value: (result) => result.semanticDiversity,
  },
  {
    title: "Lexical diversity: 100 × (1 − ROUGE-L)",
    value: (result) => (result.rougeL === null ? null : 100 * (1 - result.rougeL)),
  },
  {
    title: "Distinct-2 × 100",
    value: (result) => (result.distinct2 === null ? null : 100 * result.distinct2),
  },
];

const WIDTH = 760;
const LEFT = 170;
const RIGHT = 70;
const PLOT = WIDTH - LEFT - RIGHT;
const ROW = 24;
const BAR = 15;
const PANEL_TITLE = 26;
const AXIS = 26;
const PANEL_GAP = 18;
const HEADER = 62;
const FOOTER = 34;
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, 'DejaVu Sans', sans-serif";
const COLOURS = {
  bar: "#3b6fd8",
  baseline: "#9aa0a6",
  line: "#d93025",
  text: "#202124",
  grid: "#e0e0e0",
};

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A label cut to what fits the left margin. */
function shortLabel(label: string): string {
  const characters = [...label];
  return characters.length > 24 ? `${characters.slice(0, 23).join("")}…` : label;
}

const x = (value: number) => LEFT + (Math.max(0, Math.min(100, value)) / 100) * PLOT;
const fixed = (value: number) => Number(value.toFixed(1));

function panelSvg(
  panel: Panel,
  results: readonly EvalResult[],
  baseline: number,
  top: number,
): string {
  const parts: string[] = [];
  const rowsTop = top + PANEL_TITLE;
  const rowsBottom = rowsTop + results.length * ROW;
  parts.push(
    `<text x="${LEFT}" y="${top + 17}" font-size="14" font-weight="600">${escapeXml(panel.title)}</text>`,
  );
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${fixed(x(tick))}" y1="${rowsTop}" x2="${fixed(x(tick))}" y2="${rowsBottom}" stroke="${COLOURS.grid}"/>`,
      `<text x="${fixed(x(tick))}" y="${rowsBottom + 16}" font-size="11" text-anchor="middle" fill="#5f6368">${tick}</text>`,
    );
  }
  results.forEach((result, index) => {
    const y = rowsTop + index * ROW + (ROW - BAR) / 2;
    const isBaseline = index === baseline;
    const name = `${shortLabel(result.label)}${isBaseline ? " (baseline)" : ""}`;
    parts.push(
      `<text x="${LEFT - 8}" y="${y + BAR - 3}" font-size="12" text-anchor="end"${isBaseline ? ' font-weight="600"' : ""}>${escapeXml(name)}</text>`,
    );
    const value = panel.value(result);
    if (value === null) {
      parts.push(
        `<text x="${LEFT + 4}" y="${y + BAR - 3}" font-size="11" font-style="italic" fill="#5f6368">not measured</text>`,
      );
      return;
    }
    const width = fixed(x(value) - LEFT);
    parts.push(
      `<rect class="bar${isBaseline ? " baseline" : ""}" data-label="${escapeXml(result.label)}" x="${LEFT}" y="${y}" width="${width}" height="${BAR}" fill="${isBaseline ? COLOURS.baseline : COLOURS.bar}" rx="2"/>`,
      `<text x="${fixed(LEFT + width + 5)}" y="${y + BAR - 3}" font-size="11">${value.toFixed(1)}</text>`,
    );
  });
  const baselineResult = results[baseline];
  const baselineValue = baselineResult ? panel.value(baselineResult) : null;
  if (baselineValue !== null) {
    const lineX = fixed(x(baselineValue));
    parts.push(
      `<line class="baseline-line" x1="${lineX}" y1="${rowsTop - 4}" x2="${lineX}" y2="${rowsBottom}" stroke="${COLOURS.line}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
  }
  return `<g class="panel">${parts.join("")}</g>`;
}

export interface ChartOptions {
  /** Index into results of the baseline (the direct method), or -1 for none. */
  readonly baseline: number;
  /** One line under the chart saying how the figures were made. */
  readonly caption: string;
}

/**
 * An SVG bar chart of diversity by label: one panel per figure measured (semantic, lexical,
 * distinct-2), all on a 0-100 scale where higher is more diverse, with the baseline's bar in
 * grey and a dashed red line at its value across each panel. Self-contained: no script, no
 * external font or stylesheet.
 */
export function diversityChart(results: readonly EvalResult[], options: ChartOptions): string {
  const panels = PANELS.filter((panel) => results.some((result) => panel.value(result) !== null));
  const panelHeight = PANEL_TITLE + results.length * ROW + AXIS;
  const height =
    HEADER + panels.length * panelHeight + Math.max(0, panels.length - 1) * PANEL_GAP + FOOTER;
  const baselineName = options.baseline >= 0 ? results[options.baseline]?.label : undefined;
  const subtitle =
    baselineName === undefined
      ? "Higher is more diverse. No direct baseline in this run."
      : `Higher is more diverse. Grey bar and dashed red line: the baseline, "${shortLabel(baselineName)}".`;
  const body = panels
    .map((panel, index) =>
      panelSvg(panel, results, options.baseline, HEADER + index * (panelHeight + PANEL_GAP)),
    )
    .join("");
  const empty =
    panels.length === 0
      ? `<text x="${WIDTH / 2}" y="${HEADER + 20}" font-size="13" text-anchor="middle">No diversity figure could be measured.</text>`
      : "";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" fill="${COLOURS.text}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="28" font-size="18" font-weight="700">Diversity by method</text>`,
    `<text x="20" y="48" font-size="12" fill="#5f6368">${escapeXml(subtitle)}</text>`,
    body,
    empty,
    `<text x="20" y="${height - 12}" font-size="11" fill="#5f6368">${escapeXml(options.caption)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
