import { isStopMessage } from "../platforms/platform.js";

/** Why a running bot stops: a signal, or word from (or the loss of) the process that forked it. */
export type StopReason = NodeJS.Signals | "parent_asked" | "parent_gone";

export interface StopRequests {
  /** The next request to stop, in the order they came (one that came already at once). */
  next(): Promise<StopReason>;
  /**
   * Resolves when a stop that began for `first` should end at once: at the second signal. A
   * stop its parent asked for does not count as the first signal: when Ctrl+C reaches a shard
   * as well as its manager (one process group), the manager's request and the shard's own
   * SIGINT, in whichever order they come, are one request, not two.
   */
  secondSignal(first: StopReason): Promise<void>;
}

/**
 * Listens, from now on for the rest of the process's life, for what asks a running bot to
 * stop: SIGINT and SIGTERM, and for a process forked with an IPC channel (a shard of
 * `vsbot discord --shards`) its parent's stop message and the end of that channel. When the
 * manager is gone (crashed or killed), nothing manages the gateway session a shard holds, and
 * a manager started again would open the same shard a second time, so it stops too.
 *
 * The listeners stay on throughout: with none, a signal gets Node's default action and ends
 * the process at once, which in a gap between two waits would skip the graceful stop.
 */
export function listenForStopRequests(): StopRequests {
  const came: StopReason[] = [];
  const waiting: ((reason: StopReason) => void)[] = [];
  const request = (reason: StopReason) => {
    const waiter = waiting.shift();
    if (waiter) waiter(reason);
    else came.push(reason);
  };
  process.on("SIGINT", request);
  process.on("SIGTERM", request);
  if (process.send) {
    process.on("message", (message: unknown) => {
      if (isStopMessage(message)) request("parent_asked");
    });
    if (process.connected) process.once("disconnect", () => request("parent_gone"));
    else request("parent_gone");
  }
  const next = (): Promise<StopReason> => {
    const early = came.shift();
    if (early) return Promise.resolve(early);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    next,
    async secondSignal(first) {
      let signals = first.startsWith("SIG") ? 1 : 0;
      while (signals < 2) {
        if ((await next()).startsWith("SIG")) signals += 1;
      }
    },
  };
}
