import { VsbotError } from "../../engine/errors.js";
import type { Clock, StateStore } from "../../engine/ports.js";
import type { Origin } from "../types.js";
import {
  type Activity,
  addActivity,
  type HoldOutcome,
  holdTokens,
  sumDays,
  type UsageDay,
} from "./usage-day.js";
import { dayOf, describeWait, nextDayStart, recentDays } from "./utc-day.js";

/** Seven days of history plus today, whatever time of day the last write was. */
const KEEP_MS = 8 * 86_400_000;
export const HISTORY_DAYS = 7;

export interface LedgerOptions {
  readonly store: StateStore;
  readonly clock: Clock;
  /** Tokens per server per UTC day, or null for no budget. */
  readonly dailyBudget: number | null;
  /** How long a request's hold on the budget lasts if it never reports back (a crash). */
  readonly holdMs: number;
  readonly createId: () => string;
}

export interface ServerUsage {
  readonly today: UsageDay;
  readonly week: UsageDay;
  readonly budget: number | null;
  /** When today's budget resets (ms since the epoch). */
  readonly resetsAt: number;
}

/** Usage is per server (Discord guild, Slack workspace); DMs and a server-less console share one. */
function serverKey(origin: Origin, day: string): string {
  return `usage:${origin.platform}:${origin.server ?? "-"}:${day}`;
}

/** What a server-less usage bucket is called: DMs, or a console chat without a server. */
export function placeOf(origin: Origin): string {
  if (origin.server) return "This server";
  return origin.direct ? "Direct messages" : "This chat";
}

function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * What each server spent and was served, per UTC day, in the shared store so every instance
 * counts together, and the daily token budget drawn from it.
 */
/** Records waiting for their server's day to be written, in the order they came. */
interface PendingRecords {
  readonly records: { readonly activity: Activity; readonly hold: string | null }[];
  stored: Promise<void>;
}

export class UsageLedger {
  readonly #options: LedgerOptions;
  /** The batch of each usage key not yet being written, which new records join. */
  readonly #waiting = new Map<string, PendingRecords>();
  /** Every batch not yet written. */
  readonly #writing = new Set<PendingRecords>();

  constructor(options: LedgerOptions) {
    this.#options = options;
  }

  get budget(): number | null {
    return this.#options.dailyBudget;
  }

  /**
   * Before a request's first model call: holds its likely cost against today's budget and
   * returns the hold's id, or throws budget_exceeded with the reset time. Null when no budget.
   */
  async hold(origin: Origin): Promise<string | null> {
    const budget = this.#options.dailyBudget;
    if (budget === null) return null;
    const now = this.#options.clock.now();
    const id = this.#options.createId();
    const outcome = await this.#options.store.update<UsageDay, HoldOutcome>(
      serverKey(origin, dayOf(now)),
      (day) => {
        const held = holdTokens(day, { id, budget, now, forMs: this.#options.holdMs });
        return { value: held.outcome.granted ? held.day : day, result: held.outcome };
      },
      KEEP_MS,
    );
    if (!outcome.granted) throw this.#exceeded(origin, outcome.used, budget, now);
    return id;
  }

  /**
   * Adds what one request did to its server's day, releasing its hold; resolves once it is
   * stored. Every request of a server writes the same key, one update at a time (across
   * instances too, on a shared store), so under load the records that arrive while an update
   * waits its turn join the next one: one read and one write for all of them, each still
   * counted. Otherwise the queue on that one key would grow with the load, and each request
   * would parse and write the server's whole day.
   */
  record(origin: Origin, activity: Activity, hold: string | null): Promise<void> {
    const key = serverKey(origin, dayOf(this.#options.clock.now()));
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.records.push({ activity, hold });
      return waiting.stored;
    }
    const batch: PendingRecords = { records: [{ activity, hold }], stored: Promise.resolve() };
    this.#waiting.set(key, batch);
    this.#writing.add(batch);
    const close = () => {
      if (this.#waiting.get(key) === batch) this.#waiting.delete(key);
    };
    // The write starts on the next turn of the event loop, so the records of requests that
    // finish in the same turn (many, under load) share it even on a store that answers at once.
    batch.stored = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() =>
        this.#options.store.update<UsageDay, null>(
          key,
          (day) => {
            // From here on the batch is being written; later records start the next one.
            close();
            const now = this.#options.clock.now();
            let next = day;
            for (const record of batch.records) {
              next = addActivity(next, record.activity, record.hold ?? undefined, now);
            }
            return { value: next, result: null };
          },
          KEEP_MS,
        ),
      )
      .then(
        () => close(),
        (error: unknown) => {
          close();
          throw error;
        },
      )
      .finally(() => this.#writing.delete(batch));
    return batch.stored;
  }

  /** Resolves once every record made so far is written (or has failed), or after `timeoutMs`. */
  async settle(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      if (Number.isFinite(timeoutMs)) timer = setTimeout(resolve, timeoutMs);
    });
    try {
      while (this.#writing.size > 0) {
        const written = Promise.allSettled([...this.#writing].map((batch) => batch.stored));
        if ((await Promise.race([written.then(() => true), gaveUp.then(() => false)])) === false) {
          return;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async read(origin: Origin): Promise<ServerUsage> {
    // Records are written behind the replies; what this process recorded is read back.
    await this.settle();
    const now = this.#options.clock.now();
    const days = await Promise.all(
      recentDays(now, HISTORY_DAYS).map((day) =>
        this.#options.store.get<UsageDay>(serverKey(origin, day)),
      ),
    );
    return {
      today: sumDays(days.slice(0, 1)),
      week: sumDays(days),
      budget: this.#options.dailyBudget,
      resetsAt: nextDayStart(now),
    };
  }

  #exceeded(origin: Origin, used: number, budget: number, now: number): VsbotError {
    const wait = describeWait(nextDayStart(now) - now);
    const where = placeOf(origin);
    return new VsbotError("budget_exceeded", `daily token budget reached (${used}/${budget})`, {
      userMessage: `${where} used ${formatCount(used)} of the ${formatCount(budget)} model tokens allowed per day, and the next request would go past that. The budget resets at 00:00 UTC, in ${wait}.`,
      details: { platform: origin.platform, server: origin.server ?? null, used, budget },
    });
  }
}
