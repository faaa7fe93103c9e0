import { VsbotError } from "../engine/errors.js";

function describeSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/**
 * Settles as `work` does, or rejects with model_timeout once `timeoutMs` have passed, so a
 * user is never left waiting longer than that. The work is not cancelled (it has no means
 * to be): each model call carries the same bound, so what it leaves behind ends soon after.
 */
export async function withDeadline<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new VsbotError("model_timeout", `request gave up after ${timeoutMs} ms`, {
          userMessage: `That took too long (over ${describeSeconds(timeoutMs)}), so I stopped waiting. Please try again in a moment.`,
          details: { timeoutMs },
        }),
      );
    }, timeoutMs);
  });
  const running = work();
  try {
    return await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
    // A late failure of abandoned work is not news to anyone.
    running.catch(() => {});
  }
}
