import { Presets, SingleBar } from "cli-progress";
import type { Progress, ProgressPhase } from "./ports.js";

/**
 * Progress on a terminal: one bar per phase, redrawn in place, with the units lost so far.
 * Where the stream is no terminal (a log, CI), one line as each phase starts and ends.
 */
export function terminalProgress(
  stream: NodeJS.WritableStream & { readonly isTTY?: boolean },
): Progress {
  return {
    phase(name: string, total: number): ProgressPhase {
      let lost = 0;
      let done = 0;
      if (!stream.isTTY) {
        stream.write(`${name}: ${total} requests\n`);
        return {
          advance: (failed) => {
            done += 1;
            if (failed) lost += 1;
          },
          finish: () => stream.write(`${name}: ${done} of ${total} done, ${lost} lost\n`),
        };
      }
      const bar = new SingleBar(
        {
          stream,
          format: `${name.padEnd(10)} [{bar}] {value}/{total} · {lost} lost · {duration_formatted}`,
          // A hidden cursor would stay hidden if the run is interrupted.
          hideCursor: false,
          clearOnComplete: false,
          barsize: 30,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0, { lost });
      return {
        advance: (failed) => {
          if (failed) lost += 1;
          bar.increment(1, { lost });
        },
        finish: () => bar.stop(),
      };
    },
  };
}
