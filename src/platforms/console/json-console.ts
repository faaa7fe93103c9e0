import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Runtime } from "../../runtime/runtime.js";
import { errorLine, type LineParse, parseInboundLine, replyLine } from "./json-protocol.js";
import { handleSafely } from "./run-handler.js";
import { ConsoleTranscripts } from "./transcripts.js";

type OutputLine = Record<string, unknown>;

/** One conversation of the console: a channel, or a thread in it. */
function conversationKey(line: { channel: string; thread?: string | undefined }): string {
  return `${line.channel}\u0000${line.thread ?? ""}`;
}

async function answerLine(
  runtime: Runtime,
  transcripts: ConsoleTranscripts,
  parsed: Extract<LineParse, { ok: true }>,
): Promise<OutputLine[]> {
  const { line } = parsed;
  const key = conversationKey(line);
  // The console is a conversation with the bot: every message is addressed to it.
  const event =
    parsed.event.type === "message"
      ? { ...parsed.event, addressed: true, history: transcripts.historyFor(key) }
      : parsed.event;
  const outcome = await handleSafely(runtime.chat, runtime.logger, event);
  if (!outcome.ok) return [errorLine(outcome.message, outcome.code, line.ref)];
  if (event.type === "message") {
    const { origin, text } = event;
    const said = { speaker: origin.userName ?? origin.user, speakerId: origin.user, text };
    transcripts.recordExchange(key, { ...said, fromBot: false }, outcome.replies);
  } else if (event.type === "button") {
    transcripts.recordClick(key, outcome.replies);
  }
  if (outcome.replies.length === 0) {
    return [errorLine("Nothing to answer: the message holds no text.", "invalid_input", line.ref)];
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
  const transcripts = new ConsoleTranscripts();
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
      work = answerLine(runtime, transcripts, parsed);
    } else {
      const key = conversationKey(parsed.line);
      const previous = conversations.get(key) ?? Promise.resolve();
      work = previous.then(() => answerLine(runtime, transcripts, parsed));
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
