import type { VsEngine } from "../../engine/engine.js";
import { VsbotError } from "../../engine/errors.js";
import type { UserRateLimiter } from "../rate-limit.js";
import { invalidInput } from "../read-options.js";
import type { RenderContext } from "../render.js";
import { safeText } from "../safe-text.js";
import type { Origin, Reply } from "../types.js";
import type { PersonaSwipes } from "./persona-session.js";
import { voiceOf } from "./persona-voice.js";
import type { PersonaService } from "./personas.js";
import { renderSwipes, type SwipeDirection } from "./swipe-buttons.js";

export interface SwipeOptions {
  readonly personas: PersonaService;
  readonly engine: VsEngine;
  readonly rateLimiter: UserRateLimiter;
  readonly render: RenderContext;
}

/**
 * ◀ or ▶ on the persona's latest message: the turn's other replies, from the tail first
 * (no model call), then one call for more. Only who prompted the turn may swipe it; the
 * reply left showing is what the history keeps.
 */
export async function swipeTurn(
  options: SwipeOptions,
  origin: Origin,
  direction: SwipeDirection,
  swipeId: string,
): Promise<Reply[]> {
  const { personas, engine, render } = options;
  const found = await personas.find(origin);
  const last = found?.session.turns.at(-1);
  const current = last?.persona && last.swipes?.id === swipeId ? last.swipes : undefined;
  if (!found || !current) {
    throw invalidInput(
      "Only the persona's latest message can be swiped: the conversation has moved on since this one.",
    );
  }
  const { key, session } = found;
  if (current.promptedBy !== origin.user) throw swipeRefused(session.identity.displayName);
  let fetched: string | undefined;
  let ended = current.ended === true;
  let modelCalls = 0;
  const atEnd = current.showing >= current.candidates.length - 1;
  if (direction === "next" && atEnd && current.tailId && !ended) {
    const draw = await engine.more(current.tailId, {
      beforeModelCall: () => options.rateLimiter.take(origin),
    });
    modelCalls = draw.modelCalls;
    const next = draw.candidates[0];
    if (next) fetched = safeText(next.text, render.maxAnswerChars);
    if (!next || (draw.ended && draw.remaining === 0)) ended = true;
  }
  const changed = await personas.changeSwipes(key, swipeId, (swipes) => {
    const candidates =
      fetched !== undefined && !swipes.candidates.includes(fetched)
        ? [...swipes.candidates, fetched]
        : swipes.candidates;
    const showing = nextShowing(swipes, direction, candidates.length, fetched !== undefined);
    const updated: PersonaSwipes = {
      ...swipes,
      candidates,
      showing,
      ...(ended ? { ended } : {}),
    };
    return { swipes: updated, result: true };
  });
  if (!changed) {
    throw invalidInput(
      "Only the persona's latest message can be swiped: the conversation has moved on since this one.",
    );
  }
  return [
    renderSwipes(changed.swipes, voiceOf(key, session), render, { replaces: true, modelCalls }),
  ];
}

/** ◀ stops at the first reply; ▶ moves on, to a fetched one, or wraps when there is no more. */
function nextShowing(
  swipes: PersonaSwipes,
  direction: SwipeDirection,
  count: number,
  fetched: boolean,
): number {
  if (direction === "back") return Math.max(0, swipes.showing - 1);
  if (swipes.showing < count - 1) return fetched ? count - 1 : swipes.showing + 1;
  return 0;
}

function swipeRefused(name: string): VsbotError {
  return new VsbotError("invalid_input", "swipe refused: not the turn's author", {
    userMessage: `Only the person whose message ${name} answered can swipe this reply. Send a message of your own for a reply you can swipe.`,
  });
}
