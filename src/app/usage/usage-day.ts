/**
 * One server's usage on one UTC day, as stored, and the pure changes made to it. Kept small:
 * at most MAX_USERS users (the least active make room), and budget holds that expire.
 */
export interface UserUsage {
  readonly name?: string;
  readonly calls: number;
  readonly tokens: number;
  readonly answers: number;
}

/** Tokens set aside for a request under way, so concurrent requests see each other. */
interface Hold {
  readonly tokens: number;
  readonly until: number;
}

export interface UsageDay {
  /** Model calls made. */
  readonly calls: number;
  /** Requests that made at least one model call: the unit a budget estimate is made in. */
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Answers shown that a new model call produced. */
  readonly modelAnswers: number;
  /** Answers shown from a stored tail, with no model call. */
  readonly tailAnswers: number;
  readonly users: Readonly<Record<string, UserUsage>>;
  readonly holds: Readonly<Record<string, Hold>>;
}

/** What one request did. */
export interface Activity {
  readonly user: string;
  readonly userName?: string;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly modelAnswers: number;
  readonly tailAnswers: number;
}

export const MAX_USERS = 100;

export const EMPTY_DAY: UsageDay = {
  calls: 0,
  requests: 0,
  promptTokens: 0,
  completionTokens: 0,
  modelAnswers: 0,
  tailAnswers: 0,
  users: {},
  holds: {},
};

export function tokensOf(day: UsageDay): number {
  return day.promptTokens + day.completionTokens;
}

function liveHolds(day: UsageDay, now: number): Record<string, Hold> {
  return Object.fromEntries(Object.entries(day.holds).filter(([, hold]) => hold.until > now));
}

function activityOf(user: UserUsage): number {
  return user.tokens * 1000 + user.answers;
}

/**
 * The least active user, the earliest recorded among equals. One pass: this runs for every
 * request from a new user once the day is full, so a sort of all of them would dominate.
 */
function quietestUser(users: Readonly<Record<string, UserUsage>>): string | undefined {
  let quietest: string | undefined;
  let lowest = Number.POSITIVE_INFINITY;
  for (const id in users) {
    const user = users[id];
    if (user === undefined) continue;
    const activity = activityOf(user);
    if (activity < lowest) {
      lowest = activity;
      quietest = id;
    }
  }
  return quietest;
}

function withUser(
  users: Readonly<Record<string, UserUsage>>,
  activity: Activity,
): Record<string, UserUsage> {
  const next = { ...users };
  const known = next[activity.user];
  if (!known && Object.keys(next).length >= MAX_USERS) {
    const quietest = quietestUser(next);
    if (quietest !== undefined) delete next[quietest];
  }
  const name = activity.userName ?? known?.name;
  next[activity.user] = {
    ...(name ? { name } : {}),
    calls: (known?.calls ?? 0) + activity.calls,
    tokens: (known?.tokens ?? 0) + activity.promptTokens + activity.completionTokens,
    answers: (known?.answers ?? 0) + activity.modelAnswers + activity.tailAnswers,
  };
  return next;
}

/** Adds what a request did and releases its hold, if it had one. */
export function addActivity(
  day: UsageDay | undefined,
  activity: Activity,
  hold: string | undefined,
  now: number,
): UsageDay {
  const current = day ?? EMPTY_DAY;
  const holds = liveHolds(current, now);
  if (hold !== undefined) delete holds[hold];
  return {
    calls: current.calls + activity.calls,
    requests: current.requests + (activity.calls > 0 ? 1 : 0),
    promptTokens: current.promptTokens + activity.promptTokens,
    completionTokens: current.completionTokens + activity.completionTokens,
    modelAnswers: current.modelAnswers + activity.modelAnswers,
    tailAnswers: current.tailAnswers + activity.tailAnswers,
    users: withUser(current.users, activity),
    holds,
  };
}

export type HoldOutcome =
  | { readonly granted: true }
  | { readonly granted: false; readonly used: number };

/**
 * Sets tokens aside for one more model-calling request, or refuses when what is spent, what
 * requests under way hold, and what a request costs on average today would pass the budget.
 * The first request of a day always goes ahead; no request is ever cut off halfway.
 */
export function holdTokens(
  day: UsageDay | undefined,
  hold: {
    readonly id: string;
    readonly budget: number;
    readonly now: number;
    readonly forMs: number;
  },
): { readonly day: UsageDay; readonly outcome: HoldOutcome } {
  const current = day ?? EMPTY_DAY;
  const holds = liveHolds(current, hold.now);
  const used = tokensOf(current);
  const held = Object.values(holds).reduce((sum, entry) => sum + entry.tokens, 0);
  const estimate = current.requests > 0 ? Math.ceil(used / current.requests) : 0;
  if (used + held + estimate > hold.budget) {
    return { day: current, outcome: { granted: false, used } };
  }
  holds[hold.id] = { tokens: estimate, until: hold.now + hold.forMs };
  return { day: { ...current, holds }, outcome: { granted: true } };
}

/** Several days added up; users merged by id. */
export function sumDays(days: readonly (UsageDay | undefined)[]): UsageDay {
  return days.reduce<UsageDay>((total, day) => {
    if (!day) return total;
    const users = { ...total.users };
    for (const [id, user] of Object.entries(day.users)) {
      const known = users[id];
      const name = known?.name ?? user.name;
      users[id] = {
        ...(name ? { name } : {}),
        calls: (known?.calls ?? 0) + user.calls,
        tokens: (known?.tokens ?? 0) + user.tokens,
        answers: (known?.answers ?? 0) + user.answers,
      };
    }
    return {
      calls: total.calls + day.calls,
      requests: total.requests + day.requests,
      promptTokens: total.promptTokens + day.promptTokens,
      completionTokens: total.completionTokens + day.completionTokens,
      modelAnswers: total.modelAnswers + day.modelAnswers,
      tailAnswers: total.tailAnswers + day.tailAnswers,
      users,
      holds: {},
    };
  }, EMPTY_DAY);
}

/** The most active users, most tokens first, then most answers. */
export function topUsers(day: UsageDay, count: number): (UserUsage & { readonly id: string })[] {
  return Object.entries(day.users)
    .map(([id, user]) => ({ id, ...user }))
    .sort((left, right) => right.tokens - left.tokens || right.answers - left.answers)
    .slice(0, count);
}
