import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Runtime } from "../../runtime/runtime.js";
import { errorLine, type LineParse, parseInboundLine, replyLine } from "./json-protocol.js";
import { handleSafely } from "./run-handler.js";

type OutputLine = Record<string, unknown>;

async function answerLine(
  runtime: Runtime,
  parsed: Extract<LineParse, { ok: true }>,
): Promise<OutputLine[]> {
  const { line, event } = parsed;
  const outcome = await handleSafely(runtime.chat, runtime.logger, event);
  if (!outcome.ok) return [errorLine(outcome.message, outcome.code, line.ref)];
  if (outcome.replies.length === 0) {
    const where = line.thread ? `thread ${line.thread}` : `channel ${line.channel}`;
    return [
      errorLine(
        `No persona is active in ${where}; start one with /persona start.`,
        "no_persona",
        line.ref,
      ),
    ];
  }
  return outcome.replies.map((reply) => replyLine(reply, line));
}

/**
 * `vsbot console --json`: one JSON event per input line, one JSON reply per output line and
 * nothing else on stdout. Events of one conversation (channel and thread) run in order;
 * button clicks run concurrently. Output lines keep the order of the input lines.
 */
export async function runJsonConsole(
  runtime: Runtime,
  input: Readable,
  output: Writable,
): Promise<void> {
  const conversations = new Map<string, Promise<unknown>>();
  let written: Promise<void> = Promise.resolve();
  const write = async (lines: readonly OutputLine[]) => {
    for (const line of lines) {
      if (!output.write(`${JSON.stringify(line)}\n`)) await once(output, "drain");
    }
  };
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!raw.trim()) continue;
    const parsed = parseInboundLine(raw);
    let work: Promise<OutputLine[]>;
    if (!parsed.ok) {
      work = Promise.resolve([errorLine(parsed.message, "invalid_input", parsed.ref)]);
    } else if (parsed.event.type === "button") {
      work = answerLine(runtime, parsed);
    } else {
      const key = `${parsed.line.channel}\u0000${parsed.line.thread ?? ""}`;
      const previous = conversations.get(key) ?? Promise.resolve();
      work = previous.then(() => answerLine(runtime, parsed));
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      conversations.set(key, settled);
      void settled.then(() => {
        if (conversations.get(key) === settled) conversations.delete(key);
      });
    }
    written = written.then(async () => write(await work));
  }
  await written;
}
