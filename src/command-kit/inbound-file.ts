/**
 * A file a person attached to a command (a character card), read only once the command is
 * allowed: the platform downloads it on `read`.
 */
export interface InboundFile {
  readonly kind: "file";
  readonly name: string;
  readonly contentType?: string;
  /** Bytes, as the platform states them before download, when it does. */
  readonly size?: number;
  /** A public https URL of the file (a Discord attachment), usable as an avatar; else absent. */
  readonly publicUrl?: string;
  /** The file's bytes; fails with a VsbotError past `maxBytes`, having read no more than that. */
  read(maxBytes: number): Promise<Uint8Array>;
}

export function isInboundFile(value: unknown): value is InboundFile {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "file" &&
    typeof (value as { read?: unknown }).read === "function"
  );
}
