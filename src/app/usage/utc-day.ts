/** Usage and budgets count by UTC day, so every instance, wherever it runs, agrees on "today". */
const DAY_MS = 86_400_000;

/** "2025-06-01" for a time in ms. */
export function dayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The start of the next UTC day: when daily budgets reset. */
export function nextDayStart(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

/** Today and the days before it, newest first: `count` days in all. */
export function recentDays(now: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => dayOf(now - index * DAY_MS));
}

/** "3 h 12 min", "45 min", "under a minute". */
export function describeWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return "under a minute";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
