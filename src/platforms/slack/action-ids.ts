import { parseButtonId } from "../../app/button-id.js";
import { parseSwipeId } from "../../app/personas/swipe-buttons.js";

/** Every action_id vsbot puts on a button starts with this; the action listener matches it. */
export const ACTION_ID_PATTERN = /^vs_/;

/** The "End persona" button on a persona's intro message. Slack-only: ends that thread's persona. */
export const PERSONA_END_ACTION = "vs_persona_end";

/**
 * Slack wants action_ids unique within a message, and the button id (`vs:more:<tailId>`) goes
 * in `value`, so the action_id only names what the button does: `vs_more`, `vs_all`, `vs_swipe_next`.
 */
export function actionIdFor(buttonId: string, index: number): string {
  const parsed = parseButtonId(buttonId);
  if (parsed) return `vs_${parsed.action}`;
  const swipe = parseSwipeId(buttonId);
  return swipe ? `vs_swipe_${swipe.direction}` : `vs_button_${index}`;
}
