import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { terminalProgress } from "../../src/eval/terminal-progress.js";

function stream(isTTY: boolean) {
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  Object.assign(output, { isTTY, columns: 100 });
  return { output: output as unknown as NodeJS.WriteStream, text: () => text };
}

describe("terminalProgress", () => {
  it("writes one line as a phase starts and one as it ends where there is no terminal", () => {
    const target = stream(false);
    const phase = terminalProgress(target.output).phase("generating", 3);
    phase.advance(false);
    phase.advance(true);
    phase.advance(false);
    phase.finish();
    expect(target.text()).toBe("generating: 3 requests\ngenerating: 3 of 3 done, 1 lost\n");
  });

  it("draws a bar with the count and the losses on a terminal", () => {
    const target = stream(true);
    const phase = terminalProgress(target.output).phase("embedding", 4);
    phase.advance(false);
    phase.advance(true);
    phase.finish();
    expect(target.text()).toMatch(/embedding\s+\[[█░]+\] 2\/4 · 1 lost/);
  });
});
