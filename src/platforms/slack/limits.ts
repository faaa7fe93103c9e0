/**
 * Slack's Block Kit limits (docs.slack.dev/reference/block-kit) and the budgets vsbot keeps
 * under them. Text limits count the characters sent, after escaping.
 */
export const SECTION_TEXT_LIMIT = 3000;
export const CONTEXT_TEXT_LIMIT = 2000;
export const BLOCKS_PER_MESSAGE = 50;
/** Past this much section text a reply continues in another message (`msg_too_long` risk). */
export const MESSAGE_TEXT_BUDGET = 12_000;
/** The notification and fallback text of a message with blocks. */
export const FALLBACK_TEXT_LIMIT = 300;
export const BUTTON_TEXT_LIMIT = 75;
export const BUTTON_VALUE_LIMIT = 2000;
export const ACTION_ID_LIMIT = 255;
