import type { Logger } from "../engine/ports.js";

/**
 * Runs `sweep` every `intervalMs` until stopped, never two at once. Keyv deletes an expired
 * entry only when it is read, and most tails are never read again, so without this the
 * memory and sqlite stores would grow forever. The timer never keeps the process alive.
 */
export function startSweeping(
  intervalMs: number,
  sweep: () => Promise<number>,
  logger: Logger,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .then((deleted) => {
        if (deleted > 0) logger.debug("store.swept", { deleted });
      })
      .catch((error: unknown) => logger.warn("store.sweep_failed", { error }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
