import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Button, Origin, Reply } from "../../app/types.js";
import type { Runtime } from "../../runtime/runtime.js";
import { handleSafely } from "./run-handler.js";
import { ConsoleTranscripts } from "./transcripts.js";

const ORIGIN: Origin = {
  platform: "console",
  user: "you",
  userName: "You",
  channel: "console",
  canManage: true,
};
const KEYS: Record<string, number> = { m: 0, more: 0, a: 1, all: 1 };

interface Style {
  dim(text: string): string;
  bold(text: string): string;
}

function styleFor(output: Writable): Style {
  const color = (output as { isTTY?: boolean }).isTTY === true;
  return {
    dim: (text) => (color ? `\u001b[2m${text}\u001b[22m` : text),
    bold: (text) => (color ? `\u001b[1m${text}\u001b[22m` : text),
  };
}

function formatReply(reply: Reply, style: Style): string {
  const lines = [reply.body];
  if (reply.footer) lines.push(style.dim(reply.footer));
  if (reply.buttons.length > 0) {
    const hints = reply.buttons.map(
      (button, index) => `[${index === 0 ? "m" : "a"}] ${button.label}`,
    );
    lines.push(style.dim(hints.join("   ")));
  }
  return `${lines.join("\n")}\n`;
}

export function bannerText(runtime: Runtime, notice?: string): string {
  const model = runtime.demo
    ? "the offline demo model (no OPENAI_API_KEY or OPENAI_BASE_URL is set; answers come from a small built-in set)"
    : runtime.model.description;
  return [
    `vsbot console: chatting with ${model}; state in ${runtime.store.kind}.`,
    ...(notice ? [`Warning: ${notice}`] : []),
    "Commands:",
    runtime.chat.helpText().replace(/^/gm, "  "),
    "Type m (or more) for the next answer from the tail, a (or all) for the whole distribution,",
    "plain text to chat (each reply one sample; m brings another), or to a persona started with",
    "/persona start; /help, /quit.",
  ].join("\n");
}

/** The interactive terminal chat: one line in, the reply printed, buttons as keys. */
export async function runInteractiveConsole(
  runtime: Runtime,
  input: Readable,
  output: Writable,
  /** A start-up problem to show above the chat, e.g. a model the server does not serve. */
  notice?: string,
): Promise<void> {
  const style = styleFor(output);
  const terminal = (input as { isTTY?: boolean }).isTTY === true;
  const lines = createInterface({ input, output, terminal, crlfDelay: Number.POSITIVE_INFINITY });
  const print = (text: string) => output.write(text.endsWith("\n") ? text : `${text}\n`);
  lines.on("SIGINT", () => lines.close());
  let buttons: readonly Button[] = [];
  const transcripts = new ConsoleTranscripts();
  print(`${bannerText(runtime, notice)}\n`);
  lines.setPrompt(style.bold("> "));
  lines.prompt();
  for await (const raw of lines) {
    const text = raw.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text === "") {
      lines.prompt();
      continue;
    }
    if (text === "/help") {
      print(bannerText(runtime));
      lines.prompt();
      continue;
    }
    const key = KEYS[text.toLowerCase()];
    let outcome: Awaited<ReturnType<typeof handleSafely>>;
    if (key !== undefined) {
      const button = buttons[key];
      if (!button) {
        print("Nothing to continue yet: start with a command such as /joke coffee.");
        lines.prompt();
        continue;
      }
      outcome = await handleSafely(runtime.chat, runtime.logger, {
        type: "button",
        origin: ORIGIN,
        id: button.id,
      });
      if (outcome.ok) transcripts.recordClick(ORIGIN.channel, outcome.replies);
    } else if (text.startsWith("/")) {
      const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
      outcome = await handleSafely(runtime.chat, runtime.logger, {
        type: "command",
        origin: ORIGIN,
        name: match?.[1] ?? "",
        text: match?.[2] ?? "",
      });
    } else {
      outcome = await handleSafely(runtime.chat, runtime.logger, {
        type: "message",
        origin: ORIGIN,
        text,
        addressed: true,
        history: transcripts.historyFor(ORIGIN.channel),
      });
      if (outcome.ok) {
        const said = { speaker: ORIGIN.userName ?? ORIGIN.user, fromBot: false, text };
        transcripts.recordExchange(ORIGIN.channel, said, outcome.replies);
      }
    }
    if (outcome.ok) {
      for (const reply of outcome.replies) {
        print(formatReply(reply, style));
        if (reply.buttons.length > 0) buttons = reply.buttons;
      }
    } else {
      print(`! ${outcome.message}`);
    }
    lines.prompt();
  }
  lines.close();
}
