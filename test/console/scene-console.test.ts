import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { runInteractiveConsole } from "../../src/platforms/console/interactive-console.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";

describe("scenes in the console", () => {
  let runtime: Runtime;

  afterEach(async () => {
    await runtime.close();
  });

  it("prints each line of an unattended scene under its speaker's name, then why it stopped", async () => {
    runtime = await createRuntime(
      loadConfig({
        VSBOT_STORE_URL: "memory://",
        VSBOT_LOG_LEVEL: "silent",
        VSBOT_SCENE_PAUSE: "0",
        VSBOT_SCENE_TURNS: "4",
      }),
    );
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    const done = runInteractiveConsole(runtime, input, output);
    input.write("/persona start a lighthouse keeper name: Bob\n");
    input.write("/persona scene add name: Ann description: a cheerful postwoman\n");
    input.write("/persona scene start topic: the storm\n");
    // The scene runs on its own; the console stays open until it has said its last line. The
    // commands are read one after another, so the scene may start well after they are written:
    // wait for its closing notice rather than for a fixed time.
    await vi.waitFor(() => expect(printed).toContain("stops by itself"), {
      timeout: 15_000,
      interval: 20,
    });
    await runtime.chat.scenesSettled();
    input.end("/quit\n");
    await done;
    expect(printed).toContain("**Ann** joins **Bob**");
    expect(printed).toContain("The scene begins");
    const lines = printed.split("\n").filter((line) => /^(Bob|Ann): /.test(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(printed).toContain("stops by itself");
  });
});
