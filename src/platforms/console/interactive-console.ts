import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Button, Origin, Reply } from "../../app/types.js";
import type { Runtime } from "../../runtime/runtime.js";
import { consoleImport, localFile } from "./card-path.js";
import { handleSafely } from "./run-handler.js";
import { ConsoleTranscripts } from "./transcripts.js";

const ORIGIN: Origin = {
  platform: "console",
  user: "you",
  userName: "You",
  channel: "console",
  canManage: true,
};
/** What each key does to the latest reply's buttons: its next answer, all, or a swipe back. */
type KeyAction = "next" | "all" | "back";
const KEYS: Record<string, KeyAction> = {
  m: "next",
  more: "next",
  ">": "next",
  next: "next",
  a: "all",
  all: "all",
  "<": "back",
  back: "back",
};

function actionOf(button: Button): KeyAction {
  if (button.id.startsWith("vs:all:")) return "all";
  if (button.id.startsWith("vs:back:")) return "back";
  return "next";
}

const HINTS: Record<KeyAction, string> = { next: "m", all: "a", back: "<" };

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
    const hints = reply.buttons.map((button) => `[${HINTS[actionOf(button)]}] ${button.label}`);
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
    "/persona start or /persona import <card file>; a persona's reply swipes with < and m;",
    "/help, /quit.",
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
  // A scene's lines arrive on their own, each led by its speaker's name.
  runtime.chat.setSceneOutlet("console", async (_origin, replies) => {
    for (const reply of replies) {
      const named = reply.voice
        ? { ...reply, body: `${style.bold(reply.voice.name)}: ${reply.body}` }
        : reply;
      print(formatReply(named, style));
    }
  });
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
      const button = buttons.find((candidate) => actionOf(candidate) === key);
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
      const name = match?.[1] ?? "";
      const given = match?.[2] ?? "";
      // The console has no attachments: `/persona import <path>` reads the card from disk.
      const card = name.toLowerCase() === "persona" ? consoleImport(given) : { rest: given };
      outcome = await handleSafely(runtime.chat, runtime.logger, {
        type: "command",
        origin: ORIGIN,
        name,
        text: card.rest,
        ...(card.path ? { options: { card: localFile(card.path) } } : {}),
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
        if (reply.file) print(`--- ${reply.file.name} ---\n${reply.file.text}`);
        if (reply.buttons.length > 0) buttons = reply.buttons;
      }
    } else {
      print(`! ${outcome.message}`);
    }
    lines.prompt();
  }
  lines.close();
}
