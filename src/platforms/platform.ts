/** A platform adapter that is running; `stop` disconnects it cleanly. */
export interface RunningPlatform {
  readonly name: string;
  stop(): Promise<void>;
}
