import type { DistributionView, Draw } from "../engine/engine.js";
import { buttonId } from "./button-id.js";
import { safeText } from "./safe-text.js";
import type { Button, Reply, ReplyMeta } from "./types.js";

export interface RenderContext {
  readonly store: string;
  readonly model: string;
  /** Set when the offline demo model answers: every reply then says so. */
  readonly demoNotice?: string;
  /** Longest body shown (VSBOT_MAX_ANSWER_CHARS); longer ones are cut with a visible mark. */
  readonly maxAnswerChars?: number;
}

/** Every body a user sees: invisible formatting removed, cut to the configured length. */
function shown(text: string, context: RenderContext): string {
  return safeText(text, context.maxAnswerChars);
}

const BAR_CELLS = 5;
const CHART_TEXT_LIMIT = 70;

function baseMeta(context: RenderContext, modelCalls: number): ReplyMeta {
  return {
    modelCalls,
    store: context.store,
    model: context.model,
    demo: context.demoNotice !== undefined,
    ...(context.demoNotice ? { notice: context.demoNotice } : {}),
  };
}

function footerWith(context: RenderContext, parts: readonly string[]): string {
  const line = parts.filter(Boolean).join(" · ");
  return context.demoNotice ? `${line}\n${context.demoNotice}` : line;
}

function tailNote(draw: Draw): string {
  if (draw.remaining > 0) return `${draw.remaining} more in the tail`;
  if (draw.ended) return "the last new one: the model had nothing new after it";
  return "next click asks the model for more";
}

const START_OVER_LABEL = "Start over";

/** An ended persona chain has no fresh start of its own: the next message is one. */
function canStartOver(draw: Draw): boolean {
  return !draw.tags.persona;
}

function drawButtons(draw: Draw, moreLabel: string): Button[] {
  const all: Button = { id: buttonId("all", draw.tailId), label: "Show all", style: "secondary" };
  if (draw.ended && draw.remaining === 0) {
    return canStartOver(draw)
      ? [{ id: buttonId("again", draw.tailId), label: START_OVER_LABEL, style: "primary" }, all]
      : [all];
  }
  return [{ id: buttonId("more", draw.tailId), label: moreLabel, style: "primary" }, all];
}

/**
 * A click on a chain that has ended: nothing new to show, and no model call was made. Says
 * why, and offers a fresh start.
 */
export function renderChainEnded(draw: Draw, context: RenderContext): Reply {
  const next = canStartOver(draw)
    ? `${START_OVER_LABEL} asks again from scratch; another topic may bring more.`
    : "Send another message to carry on the conversation.";
  return {
    kind: "info",
    body: `No new answers here: the model's last call for more brought only repeats of what this chain already showed, so the chain ends. ${next}`,
    ...(context.demoNotice ? { footer: context.demoNotice } : {}),
    buttons: drawButtons(draw, ""),
    private: false,
    meta: {
      ...baseMeta(context, draw.modelCalls),
      tailId: draw.tailId,
      remaining: 0,
      ended: true,
      ...(draw.warnings.length > 0 ? { warnings: draw.warnings } : {}),
    },
  };
}

/** One sampled answer with its probability and the "more" buttons. */
export function renderAnswer(draw: Draw, moreLabel: string, context: RenderContext): Reply {
  const candidate = draw.candidates[0];
  const probability = candidate?.probability ?? 0;
  return {
    kind: "answer",
    body: shown(candidate?.text ?? "", context),
    footer: footerWith(context, [`probability ${probability.toFixed(2)}`, tailNote(draw)]),
    buttons: drawButtons(draw, moreLabel),
    private: false,
    meta: {
      ...baseMeta(context, draw.modelCalls),
      ...(draw.ended ? { ended: true } : {}),
      ...(draw.duplicatesDropped ? { duplicatesDropped: draw.duplicatesDropped } : {}),
      probability,
      verbalized: candidate?.verbalized ?? null,
      tailId: draw.tailId,
      remaining: draw.remaining,
      ...(draw.warnings.length > 0 ? { warnings: draw.warnings } : {}),
    },
  };
}

/** A random pick (/pick): says plainly what was picked. */
export function renderPick(draw: Draw, moreLabel: string, context: RenderContext): Reply {
  const answer = renderAnswer(draw, moreLabel, context);
  const picked = draw.candidates[0]?.text.trim() ?? "";
  return { ...answer, body: `Picked: **${picked}**`, meta: { ...answer.meta, picked } };
}

/** Several candidates as a numbered list that continues across clicks (brainstorms). */
export function renderList(draw: Draw, moreLabel: string, context: RenderContext): Reply {
  const body = draw.candidates
    .map((candidate, position) => `${draw.shownBefore + position + 1}. ${candidate.text}`)
    .join("\n");
  return {
    kind: "list",
    body: shown(body, context),
    footer: footerWith(context, [
      `${draw.shownBefore + draw.candidates.length} ideas so far`,
      tailNote(draw),
    ]),
    buttons: drawButtons(draw, moreLabel),
    private: false,
    continues: draw.shownBefore > 0,
    meta: {
      ...baseMeta(context, draw.modelCalls),
      ...(draw.ended ? { ended: true } : {}),
      ...(draw.duplicatesDropped ? { duplicatesDropped: draw.duplicatesDropped } : {}),
      tailId: draw.tailId,
      remaining: draw.remaining,
      items: draw.candidates.map((candidate) => ({
        text: candidate.text,
        probability: candidate.probability,
      })),
      ...(draw.warnings.length > 0 ? { warnings: draw.warnings } : {}),
    },
  };
}

/** A bar of BAR_CELLS cells, full for the likeliest candidate, e.g. `▇▇▇▇▁`. */
export function probabilityBar(probability: number, largest: number): string {
  const filled = largest > 0 ? Math.round((probability / largest) * BAR_CELLS) : 0;
  const cells = Math.min(BAR_CELLS, Math.max(probability > 0 ? 1 : 0, filled));
  return "▇".repeat(cells) + "▁".repeat(BAR_CELLS - cells);
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  const clipped = line.length > CHART_TEXT_LIMIT ? `${line.slice(0, CHART_TEXT_LIMIT - 1)}…` : line;
  return text.includes("\n") && clipped === line ? `${line} …` : clipped;
}

/** Every candidate of a tail as a small text bar chart, per model call, shown ones ticked. */
export function renderChart(view: DistributionView, context: RenderContext): Reply {
  const rounds = new Map<number, typeof view.candidates>();
  for (const candidate of view.candidates) {
    rounds.set(candidate.round, [...(rounds.get(candidate.round) ?? []), candidate]);
  }
  const sections = [...rounds.entries()].map(([round, candidates]) => {
    const largest = Math.max(...candidates.map((candidate) => candidate.probability));
    const rows = [...candidates]
      .sort((left, right) => right.probability - left.probability)
      .map(
        (candidate) =>
          `${probabilityBar(candidate.probability, largest)} ${candidate.probability.toFixed(2)} ${candidate.shown ? "✓" : "·"} ${firstLine(candidate.text)}`,
      );
    const title = round === 1 ? "First call" : `Call ${round} (asked for p < ${view.spec.tau})`;
    return [rounds.size > 1 ? title : "", ...rows].filter(Boolean).join("\n");
  });
  return {
    kind: "chart",
    body: shown(sections.join("\n\n"), context),
    footer: footerWith(context, [
      `${view.spec.method}, k=${view.spec.k}`,
      "✓ shown · not shown yet",
      view.duplicatesDropped ? `${view.duplicatesDropped} near-duplicates dropped` : "",
      view.ended ? "no more new answers" : "",
    ]),
    buttons: [],
    private: true,
    meta: {
      ...baseMeta(context, 0),
      tailId: view.tailId,
      duplicatesDropped: view.duplicatesDropped ?? 0,
      candidates: view.candidates.map((candidate) => ({
        text: candidate.text,
        probability: candidate.probability,
        round: candidate.round,
        shown: candidate.shown,
      })),
    },
  };
}

/** A plain informational reply (settings, persona status, help). */
export function renderInfo(body: string, context: RenderContext, isPrivate = false): Reply {
  return {
    kind: "info",
    body: shown(body, context),
    ...(context.demoNotice ? { footer: context.demoNotice } : {}),
    buttons: [],
    private: isPrivate,
    meta: baseMeta(context, 0),
  };
}
