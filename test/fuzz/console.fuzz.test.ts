import { PassThrough } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseButtonId } from "../../src/app/button-id.js";
import { loadConfig } from "../../src/config/index.js";
import { isVsbotError } from "../../src/engine/errors.js";
import { silentLogger } from "../../src/logger.js";
import { runJsonConsole } from "../../src/platforms/console/json-console.js";
import { parseInboundLine } from "../../src/platforms/console/json-protocol.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import { brokenPayload, fuzzRuns, garbage, hostileValue } from "./arbitraries.js";
import { watchProcessFailures } from "./process-failures.js";

let runtime: Runtime;
const failures = watchProcessFailures();

beforeAll(async () => {
  runtime = await createRuntime(loadConfig({ VSBOT_STORE_URL: "memory://" }), {
    logger: silentLogger,
  });
});

afterAll(async () => {
  await runtime?.close();
});

const command = {
  type: "command",
  user: "u1",
  channel: "c1",
  name: "joke",
  options: { topic: "tea" },
};
const persona = {
  type: "command",
  user: "u1",
  channel: "c1",
  name: "persona",
  subcommand: "start",
  options: { description: "a pirate" },
};
const button = { type: "button", user: "u1", channel: "c1", id: "vs:more:AAAAAAAAAAAA" };
const message = { type: "message", user: "u1", channel: "c1", thread: "t1", text: "ahoy" };

/** One input line: never a raw line break inside, as readline would split it. */
const line = fc
  .oneof(
    { weight: 3, arbitrary: brokenPayload(command) },
    { weight: 1, arbitrary: brokenPayload(persona) },
    { weight: 2, arbitrary: brokenPayload(button) },
    { weight: 2, arbitrary: brokenPayload(message) },
    { weight: 1, arbitrary: hostileValue },
  )
  .map((value) => JSON.stringify(value) ?? "null");
const rawLine = fc
  .oneof({ weight: 9, arbitrary: line }, { weight: 1, arbitrary: garbage })
  .map((text) => text.replace(/[\r\n\u2028\u2029\u0085]/g, " "));

describe("fuzzing the JSON console and button ids", () => {
  it("reads 1,000 malformed lines without throwing, each as an event or a clear error", () => {
    fc.assert(
      fc.property(rawLine, (text) => {
        const parsed = parseInboundLine(text);
        if (!parsed.ok) expect(parsed.message).toMatch(/^Input line is not/);
      }),
      fuzzRuns(1000),
    );
  });

  it("answers every one of 1,000 malformed lines with one JSON line or more, in order, and ends", async () => {
    const lines =
      fc.sample(fc.array(rawLine, { minLength: 1000, maxLength: 1000 }), {
        seed: fuzzRuns(1).seed ?? 0,
        numRuns: 1,
      })[0] ?? [];
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on("data", (chunk: Buffer) => written.push(chunk.toString("utf8")));
    const done = runJsonConsole(runtime, input, output);
    for (const text of lines) input.write(`${text}\n`);
    input.end();
    await done;
    const outputLines = written.join("").split("\n").filter(Boolean);
    const answered = lines.filter((text) => text.trim().length > 0).length;
    expect(outputLines.length).toBeGreaterThanOrEqual(answered);
    for (const output of outputLines) {
      const parsed = JSON.parse(output) as { type?: unknown };
      expect(["reply", "error"]).toContain(parsed.type);
    }
    expect(failures()).toEqual([]);
  }, 120_000);

  it("accepts only well-formed button ids, and a forged one fails as a VsbotError", async () => {
    const forged = fc.oneof(
      fc.string({ maxLength: 120 }),
      hostileValue.map((value) => JSON.stringify(value) ?? ""),
      fc.constant("vs:more:AAAAAAAAAAAA"),
    );
    await fc.assert(
      fc.asyncProperty(forged, async (id) => {
        const parsed = parseButtonId(id);
        if (parsed) expect(id).toMatch(/^vs:(more|all):[A-Za-z0-9_-]{1,64}$/);
        try {
          await runtime.chat.handle({
            type: "button",
            origin: { platform: "discord", user: "u", channel: "c", canManage: false },
            id,
          });
        } catch (error) {
          expect(isVsbotError(error)).toBe(true);
        }
      }),
      fuzzRuns(500),
    );
  });
});
