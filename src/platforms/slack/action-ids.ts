import { parseButtonId } from "../../app/button-id.js";

/** Every action_id vsbot puts on a button starts with this; the action listener matches it. */
export const ACTION_ID_PATTERN = /^vs_/;

/** The "End persona" button on a persona's intro message. Slack-only: ends that thread's persona. */
export const PERSONA_END_ACTION = "vs_persona_end";

/**
 * Slack wants action_ids unique within a message, and the button id (`vs:more:<tailId>`) goes
 * in `value`, so the action_id only names what the button does: `vs_more`, `vs_all`.
 */
export function actionIdFor(buttonId: string, index: number): string {
  const parsed = parseButtonId(buttonId);
  return parsed ? `vs_${parsed.action}` : `vs_button_${index}`;
}
