/**
 * Discord's REST rate limits, for the fake Discord: per-route buckets announced in
 * X-RateLimit-* headers and enforced with 429s, unannounced 429s as Discord's shared buckets
 * give, and optionally the bot-wide global limit, which interaction routes are exempt from.
 * It also counts requests that arrived before the time a 429 or an exhausted bucket told the
 * client to wait: a client that honours the limits makes none.
 */
import { createHash } from "node:crypto";

export interface FakeRateLimits {
  /** Requests each bucket (route and major parameter) allows per window. */
  readonly perRoute: number;
  readonly windowMs: number;
  /** Answer every n-th bucketed request with a 429 it was not warned of (scope "shared"). */
  readonly surpriseEvery?: number;
  /** Retry-After of those 429s; 100 ms unless given. */
  readonly surpriseRetryAfterMs?: number;
  /** Bot-authenticated requests per second across all routes but interaction ones. */
  readonly globalPerSecond?: number;
}

export interface RateLimitStats {
  /** 429s answered, for any reason. */
  readonly limited: number;
  /** Of those, the unannounced ones. */
  readonly surprises: number;
  /** Of those, global ones. */
  readonly global: number;
  /** Requests that came before the client had been told it could send again. */
  readonly early: number;
}

export interface RateLimitVerdict {
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the request is refused with a 429. */
  readonly refusal?: { readonly retryAfterMs: number; readonly body: Record<string, unknown> };
}

interface Bucket {
  windowEndsAt: number;
  used: number;
  /** When the client may send again after a 429 or an exhausted window. */
  blockedUntil: number;
}

/** An interaction's own routes: its callback and its webhook (application id + token). */
function isInteractionRoute(path: string): boolean {
  return path.startsWith("/interactions/") || path.startsWith("/webhooks/");
}

/** Discord's bucket: the route with ids stripped, per major parameter (channel, guild, webhook). */
export function bucketOf(method: string, path: string): { route: string; major: string } {
  const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
  if (interaction) return { route: "POST /interactions/:id/:token/callback", major: path };
  const major =
    /^\/webhooks\/(\d+\/[^/?]+)/.exec(path)?.[1] ??
    /^\/(?:channels|guilds)\/(\d+)/.exec(path)?.[1] ??
    "global";
  const route = path
    .replace(/^\/webhooks\/\d+\/[^/?]+/, "/webhooks/:id/:token")
    .replace(/\d{17,20}/g, ":id");
  return { route: `${method} ${route}`, major };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function createRateLimiter(limits: FakeRateLimits) {
  const buckets = new Map<string, Bucket>();
  const stats = { limited: 0, surprises: 0, global: 0, early: 0 };
  let bucketed = 0;
  let globalWindow = { endsAt: 0, used: 0, blockedUntil: 0 };

  const refuse = (
    retryAfterMs: number,
    scope: "user" | "shared" | "global",
    headers: Record<string, string>,
  ): RateLimitVerdict => {
    stats.limited += 1;
    if (scope === "shared") stats.surprises += 1;
    if (scope === "global") stats.global += 1;
    return {
      headers: {
        ...headers,
        "retry-after": seconds(retryAfterMs),
        "x-ratelimit-scope": scope,
        ...(scope === "global" ? { "x-ratelimit-global": "true" } : {}),
      },
      refusal: {
        retryAfterMs,
        body: {
          message: "You are being rate limited.",
          retry_after: retryAfterMs / 1000,
          global: scope === "global",
        },
      },
    };
  };

  const checkGlobal = (now: number): RateLimitVerdict | null => {
    const perSecond = limits.globalPerSecond;
    if (perSecond === undefined) return null;
    if (now < globalWindow.blockedUntil) stats.early += 1;
    if (now >= globalWindow.endsAt) globalWindow = { endsAt: now + 1000, used: 0, blockedUntil: 0 };
    globalWindow.used += 1;
    if (globalWindow.used <= perSecond) return null;
    globalWindow.blockedUntil = globalWindow.endsAt;
    return refuse(globalWindow.endsAt - now, "global", {});
  };

  return {
    stats: (): RateLimitStats => ({ ...stats }),
    reset: () => {
      buckets.clear();
      Object.assign(stats, { limited: 0, surprises: 0, global: 0, early: 0 });
      bucketed = 0;
      globalWindow = { endsAt: 0, used: 0, blockedUntil: 0 };
    },
    check: (
      method: string,
      path: string,
      botAuthenticated: boolean,
      now: number,
    ): RateLimitVerdict => {
      if (botAuthenticated && !isInteractionRoute(path)) {
        const global = checkGlobal(now);
        if (global) return global;
      }
      const { route, major } = bucketOf(method, path);
      const key = `${route} ${major}`;
      let bucket = buckets.get(key);
      if (bucket && now < bucket.blockedUntil) stats.early += 1;
      if (!bucket || now >= bucket.windowEndsAt) {
        bucket = { windowEndsAt: now + limits.windowMs, used: 0, blockedUntil: 0 };
        buckets.set(key, bucket);
      }
      const resetAfter = bucket.windowEndsAt - now;
      const hash = createHash("sha1").update(route).digest("hex").slice(0, 16);
      bucketed += 1;
      if (limits.surpriseEvery && bucketed % limits.surpriseEvery === 0) {
        const retryAfterMs = limits.surpriseRetryAfterMs ?? 100;
        bucket.blockedUntil = Math.max(bucket.blockedUntil, now + retryAfterMs);
        return refuse(retryAfterMs, "shared", { "x-ratelimit-bucket": hash });
      }
      bucket.used += 1;
      const remaining = Math.max(0, limits.perRoute - bucket.used);
      const headers = {
        "x-ratelimit-limit": String(limits.perRoute),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": seconds(Date.now() + resetAfter),
        "x-ratelimit-reset-after": seconds(resetAfter),
        "x-ratelimit-bucket": hash,
      };
      if (bucket.used > limits.perRoute) {
        bucket.blockedUntil = bucket.windowEndsAt;
        return refuse(resetAfter, "user", headers);
      }
      if (remaining === 0) bucket.blockedUntil = bucket.windowEndsAt;
      return { headers };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
