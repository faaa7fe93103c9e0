/**
 * "Start a persona: a retired sea captain" said to the bot (the Slack assistant pane suggests
 * it): the persona's description and options, as /persona start would read them after its
 * subcommand; null for any other message.
 */
export function personaRequestOf(text: string): string | null {
  const match = /^\s*(?:please\s+)?start\s+(?:a\s+|the\s+)?persona\b[\s:,.\-–—]*/i.exec(text);
  return match ? text.slice(match[0].length).trim() : null;
}

/** "End the persona" said to the bot where one is active: as /persona end. */
export function endsPersona(text: string): boolean {
  return /^\s*(?:please\s+)?(?:end|stop)\s+(?:the\s+|this\s+)?persona\s*[.!]*\s*$/i.test(text);
}
