import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { diversityChart } from "../../src/eval/report/chart.js";
import { summaryMarkdown } from "../../src/eval/report/summary.js";
import { markdownTable, terminalTable } from "../../src/eval/report/table.js";
import type { EvalReport, EvalResult, EvalSettings } from "../../src/eval/types.js";

function result(label: string, overrides: Partial<EvalResult> = {}): EvalResult {
  return {
    label,
    method: null,
    answers: 30,
    prompts: 1,
    modelCalls: null,
    lost: 0,
    rougeL: 0.5,
    distinct1: 0.2,
    distinct2: 0.4,
    semanticDiversity: null,
    quality: null,
    klToUniform: null,
    tokensPerAnswer: null,
    latencyMsPerAnswer: null,
    ...overrides,
  };
}

const RESULTS = [
  result("direct", { method: "direct", rougeL: 0.6, distinct2: 0.2, semanticDiversity: 20 }),
  result("vs-standard", {
    method: "vs-standard",
    rougeL: 0.2,
    distinct2: 0.5,
    semanticDiversity: 60,
  }),
  result("<mine & yours>", { rougeL: 0.3, distinct2: 0.45 }),
];

/** The chart drawn as a person sees it: pixels, via a real SVG renderer. */
function render(svg: string) {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  const pixels = image.pixels;
  const at = (x: number, y: number) => {
    const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
    return [...pixels.subarray(offset, offset + 3)];
  };
  return { width: image.width, height: image.height, at };
}

describe("diversityChart", () => {
  const svg = diversityChart(RESULTS, { baseline: 0, caption: "Task joke, N=30." });

  it("draws one bar per label in each measured panel, the baseline's grey", () => {
    expect(svg.match(/<g class="panel">/g)).toHaveLength(3);
    expect(svg.match(/class="bar"/g)).toHaveLength(5);
    expect(svg.match(/class="bar baseline"/g)).toHaveLength(3);
    expect(svg).toContain("direct (baseline)");
    expect(svg).toContain("&lt;mine &amp; yours&gt;");
    expect(svg).toContain("not measured");
  });

  it("renders, with a dashed red line at the baseline's value in each panel", () => {
    const image = render(svg);
    expect(image.width).toBe(760);
    const lines = [
      ...svg.matchAll(
        /class="baseline-line" x1="([\d.]+)" y1="([\d.]+)" x2="[\d.]+" y2="([\d.]+)"/g,
      ),
    ];
    expect(lines).toHaveLength(3);
    // Lexical diversity of direct = 100 × (1 − 0.6) = 40 → 40% along the 520-pixel plot.
    expect(Number(lines[1]?.[1])).toBeCloseTo(170 + 0.4 * 520, 1);
    for (const line of lines) {
      const x = Number(line[1]);
      const top = Number(line[2]);
      const bottom = Number(line[3]);
      const reds = Array.from({ length: Math.floor(bottom - top) }, (_, step) =>
        image.at(x, top + step),
      ).filter(([red = 0, green = 0, blue = 0]) => red > 180 && green < 120 && blue < 120);
      expect(reds.length).toBeGreaterThan(3);
    }
  });

  it("leaves out a panel no label has a figure for, and says when there is no baseline", () => {
    const lexicalOnly = diversityChart(
      [result("a"), result("b", { rougeL: null, distinct2: null })],
      { baseline: -1, caption: "" },
    );
    expect(lexicalOnly.match(/<g class="panel">/g)).toHaveLength(2);
    expect(lexicalOnly).toContain("No direct baseline in this run.");
    expect(lexicalOnly).not.toContain("baseline-line");
    render(lexicalOnly);
  });
});

describe("results tables", () => {
  it("shows only the columns something was measured for, aligned in the terminal", () => {
    const table = terminalTable(RESULTS).split("\n");
    expect(table[0]).toMatch(
      /^label\s+method\s+prompts\s+answers\s+lost\s+ROUGE-L ↓\s+distinct-1 ↑\s+distinct-2 ↑\s+semantic ↑$/,
    );
    expect(table[1]).toMatch(/^direct\s+direct\s+1\s+30\s+0\s+0\.600\s+0\.200\s+0\.200\s+20\.0$/);
    expect(table[3]).toMatch(/^<mine & yours>\s+–\s+.*0\.450\s+–$/);
  });

  it("writes a Markdown table with figures right-aligned and pipes escaped", () => {
    const table = markdownTable([result("a|b", { quality: 71.25 })]).split("\n");
    expect(table[0]).toBe(
      "| label | prompts | answers | lost | ROUGE-L ↓ | distinct-1 ↑ | distinct-2 ↑ | quality ↑ |",
    );
    expect(table[1]).toBe("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    expect(table[2]).toBe("| a\\|b | 1 | 30 | 0 | 0.500 | 0.200 | 0.400 | 71.3 |");
  });
});

describe("summaryMarkdown", () => {
  const settings: EvalSettings = {
    source: "model",
    task: "joke",
    files: null,
    model: "gpt-4.1 at 127.0.0.1:1/v1",
    embeddingModel: "text-embedding-3-small",
    judge: false,
    rubric: null,
    methods: ["direct", "vs-standard"],
    n: 30,
    k: 5,
    tau: 0.1,
    wording: "explicit",
    temperature: 0.7,
    topP: 1,
    concurrency: 4,
    retries: 2,
    baseline: "direct",
    startedAt: "2025-01-01T00:00:00.000Z",
  };
  const report: EvalReport = {
    results: RESULTS,
    settings,
    warnings: ["vs-cot: 5 of 150 answers lost"],
  };

  it("holds the table, the chart, the settings, how to read the figures and the warnings", () => {
    const summary = summaryMarkdown(report);
    expect(summary).toMatch(/^# vsbot eval: joke on gpt-4\.1 at 127\.0\.0\.1:1\/v1\n/);
    expect(summary).toContain(markdownTable(RESULTS));
    expect(summary).toContain("![Diversity by method](diversity.svg)");
    expect(summary).toContain(
      "Answers per prompt and method (N): 30; candidates per VS call (k): 5",
    );
    expect(summary).toContain("## How to read the figures");
    expect(summary).toContain("**semantic ↑**");
    expect(summary).not.toContain("**quality ↑**");
    expect(summary).toContain("- vs-cot: 5 of 150 answers lost");
  });
});
