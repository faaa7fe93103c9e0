import type { RenderContext } from "../render.js";
import { safeText } from "../safe-text.js";
import type { Button, Reply, ReplyVoice } from "../types.js";
import type { PersonaSwipes } from "./persona-session.js";

/**
 * Swipe button ids: `vs:back:<turn>` and `vs:next:<turn>`, where the turn is the persona
 * turn's swipe id (its tail id, or a greeting's own id).
 */
export type SwipeDirection = "back" | "next";

const PATTERN = /^vs:(back|next):([A-Za-z0-9_-]{1,64})$/;

export function swipeButtonId(direction: SwipeDirection, swipeId: string): string {
  return `vs:${direction}:${swipeId}`;
}

export function parseSwipeId(id: string): { direction: SwipeDirection; swipeId: string } | null {
  const match = PATTERN.exec(id);
  if (!match) return null;
  return { direction: match[1] as SwipeDirection, swipeId: match[2] ?? "" };
}

export function swipeButtons(swipes: PersonaSwipes): Button[] {
  return [
    { id: swipeButtonId("back", swipes.id), label: "◀", style: "secondary" },
    { id: swipeButtonId("next", swipes.id), label: "▶", style: "primary" },
  ];
}

/** Where ▶ goes from here, in a few words. */
function nextNote(swipes: PersonaSwipes): string {
  if (swipes.showing < swipes.candidates.length - 1) return "▶ for the next";
  // The rest of the tail comes first, without a model call; past it, one call for more.
  if (swipes.tailId && !swipes.ended) return "▶ for another";
  return swipes.candidates.length > 1 ? "▶ goes back to the first" : "";
}

/**
 * A persona turn as a message: the candidate showing, where it is among the turn's replies,
 * ◀ and ▶. `replaces` when it edits the message that was swiped.
 */
export function renderSwipes(
  swipes: PersonaSwipes,
  voice: ReplyVoice,
  context: RenderContext,
  options: { readonly replaces: boolean; readonly modelCalls: number },
): Reply {
  const text = swipes.candidates[swipes.showing] ?? "";
  const position = `${swipes.showing + 1}/${swipes.candidates.length}`;
  const line = [position, nextNote(swipes)].filter(Boolean).join(" · ");
  return {
    kind: "answer",
    body: safeText(text, context.maxAnswerChars),
    footer: context.demoNotice ? `${line}\n${context.demoNotice}` : line,
    buttons: swipeButtons(swipes),
    private: false,
    ...(options.replaces ? { replaces: true } : {}),
    voice,
    meta: {
      modelCalls: options.modelCalls,
      store: context.store,
      model: context.model,
      demo: context.demoNotice !== undefined,
      ...(context.demoNotice ? { notice: context.demoNotice } : {}),
      ...(swipes.tailId ? { tailId: swipes.tailId } : {}),
      swipe: { showing: swipes.showing, count: swipes.candidates.length, id: swipes.id },
    },
  };
}
