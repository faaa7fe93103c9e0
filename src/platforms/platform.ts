/** A platform adapter that is running; `stop` disconnects it cleanly. */
export interface RunningPlatform {
  readonly name: string;
  stop(): Promise<void>;
  /** Whether its connection (gateway, socket, listening server) is up, for /readyz. */
  ready?(): boolean;
}
