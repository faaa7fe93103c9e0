export interface StopOptions {
  /** How long requests in flight may finish before their users are told the bot restarts. */
  readonly graceMs: number;
  /** How long those notices may take to go out. */
  readonly noticeMs: number;
}

/** A platform adapter that is running; `stop` stops new work and disconnects it cleanly. */
export interface RunningPlatform {
  readonly name: string;
  stop(options?: StopOptions): Promise<void>;
  /** Whether its connection (gateway, socket, listening server) is up, for /readyz. */
  ready?(): boolean;
}

/**
 * What a parent process (the shard manager of `vsbot discord --shards`) sends a bot process it
 * forked to stop it as SIGTERM would. A message, not a signal: a shard that a terminal's Ctrl+C
 * already reached would take a second signal for "stop at once".
 */
export const STOP_MESSAGE = { vsbot: "stop" } as const;

export function isStopMessage(message: unknown): boolean {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { vsbot?: unknown }).vsbot === STOP_MESSAGE.vsbot
  );
}
