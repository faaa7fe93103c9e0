/**
 * Button ids: `vs:<action>:<tailId>`, short enough for Discord (100) and Slack (255). "again"
 * starts a new chain for the request of an ended one.
 */
export type ButtonAction = "more" | "all" | "again";

const PATTERN = /^vs:(more|all|again):([A-Za-z0-9_-]{1,64})$/;

export function buttonId(action: ButtonAction, tailId: string): string {
  return `vs:${action}:${tailId}`;
}

export function parseButtonId(id: string): { action: ButtonAction; tailId: string } | null {
  const match = PATTERN.exec(id);
  if (!match) return null;
  return { action: match[1] as ButtonAction, tailId: match[2] ?? "" };
}
