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
