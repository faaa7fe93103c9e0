import { Writable } from "node:stream";

/** A stream that keeps what is written to it: a subcommand's stdout or stderr, run in-process. */
export class OutputCapture extends Writable {
  #text = "";

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.#text += chunk.toString("utf8");
    done();
  }

  /** Everything written so far. */
  get text(): string {
    return this.#text;
  }
}
