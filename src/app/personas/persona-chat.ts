import type { PersonaCommand, PersonaTurnInput } from "../../command-kit/definition.js";
import { cleanUserText } from "../../command-kit/options.js";
import type { VsEngine } from "../../engine/engine.js";
import type { Clock } from "../../engine/ports.js";
import { mayChangePersona, personaChangeRefused, postedIn } from "../permissions.js";
import type { UserRateLimiter } from "../rate-limit.js";
import { invalidInput } from "../read-options.js";
import { type RenderContext, renderInfo } from "../render.js";
import { safeText } from "../safe-text.js";
import type { SettingsService } from "../settings.js";
import { isInboundFile, type Origin, type Reply } from "../types.js";
import { cardIdentity, cardOfDescription, readCardFile } from "./card-persona.js";
import {
  type CharacterCard,
  displayName,
  exportCardV2Json,
  exportFileName,
  type PersonaSheet,
  personaSheet,
} from "./cards/index.js";
import { loreText, selectLore } from "./lore/index.js";
import type { PersonaSession, PersonaSwipes, PersonaTurn } from "./persona-session.js";
import { voiceOf } from "./persona-voice.js";
import { estimateTokens, type PersonaService, trimToBudget } from "./personas.js";
import { renderSwipes, type SwipeDirection } from "./swipe-buttons.js";
import { swipeTurn } from "./swipe-turn.js";

/** Longest chat message a persona reads; longer ones get a clear error. */
const MESSAGE_LIMIT = 4000;
/** What the persona prompt costs besides the description and the conversation. */
const PERSONA_PROMPT_OVERHEAD = 250;
/** The share of the persona token budget lore entries may take. */
const LORE_SHARE = 0.25;
/** Characters of each remembered message `/persona memory` shows. */
const MEMORY_LINE_CHARS = 160;

export interface PersonaChatOptions {
  readonly personas: PersonaService;
  readonly engine: VsEngine;
  readonly settings: SettingsService;
  readonly rateLimiter: UserRateLimiter;
  readonly clock: Clock;
  readonly render: RenderContext;
  /** Tokens of persona description plus conversation sent per turn; oldest turns go first. */
  readonly tokenBudget: number;
  /** Ids for greetings' swipes. */
  readonly createId?: () => string;
}

export { voiceOf } from "./persona-voice.js";

/** The prompt parts of a turn: a card's sheet, or the free-text description. */
interface TurnPrompt {
  readonly name: string;
  readonly description: string;
  readonly sheet?: PersonaSheet;
}

function promptOf(session: PersonaSession, userName: string): TurnPrompt {
  if (!session.card) return { name: session.name, description: session.description };
  const sheet = personaSheet(session.card, userName);
  return { name: sheet.name, description: sheet.description, sheet };
}

/** Dialogue simulation: the persona subcommands, each message's in-character VS sample, swipes. */
export class PersonaChat {
  readonly #options: PersonaChatOptions;

  constructor(options: PersonaChatOptions) {
    this.#options = options;
  }

  async command(
    origin: Origin,
    command: PersonaCommand,
    subcommand: string,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    switch (subcommand) {
      case "start":
        return this.#start(origin, command, options);
      case "import":
        return this.#import(origin, command, options);
      case "export":
        return this.#export(origin, command);
      case "end":
        return this.#end(origin);
      case "memory":
        return this.#memory(origin, command);
      case "forget":
        return this.#forget(origin, command);
      case "reset":
        return this.#reset(origin, command);
      default:
        return this.#show(origin, command);
    }
  }

  /**
   * Reads an attached card without starting anything, so a platform can name a thread after
   * it and open none for a file that is not a card. Returns the name it would post as.
   */
  async previewCard(file: unknown): Promise<string> {
    if (!isInboundFile(file)) throw invalidInput("/persona import needs a character card file.");
    return personaSheet(await readCardFile(file), "").display.name;
  }

  async #start(
    origin: Origin,
    command: PersonaCommand,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    const { personas, render, clock } = this.#options;
    const description = String(options.description);
    const name = typeof options.name === "string" && options.name ? options.name : "Persona";
    const replaced = await this.#replaceable(origin);
    await personas.start(
      origin,
      { name, description, identity: { displayName: displayName(name), nicknames: [] } },
      clock.now(),
    );
    const note = replaced ? ` (it replaces ${replaced.session.identity.displayName})` : "";
    const body = `**${displayName(name)}** is here${note}: ${description}\nEvery message here now gets an in-character reply. End it with /${command.name} end.`;
    return [renderInfo(body, render)];
  }

  /** The session a new persona here would replace, when this person may replace it. */
  async #replaceable(origin: Origin): Promise<{ key: string; session: PersonaSession } | null> {
    const { personas } = this.#options;
    const found = await personas.find(origin);
    // A persona of the parent channel is not replaced by one started in a thread.
    const replaced = found?.key === personas.keyFor(origin) ? found : null;
    if (replaced && !mayChangePersona(origin, replaced.session.startedBy)) {
      throw personaChangeRefused(replaced.session.identity.displayName, "replace");
    }
    return replaced;
  }

  async #import(
    origin: Origin,
    command: PersonaCommand,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    const { personas, render, clock } = this.#options;
    const file = options.card;
    if (!isInboundFile(file)) throw invalidInput(`/${command.name} import needs a card file.`);
    // Everything that can fail comes before anything is stored: a bad card changes nothing.
    const card = await readCardFile(file);
    const identity = cardIdentity(card, file, {
      ...(typeof options.avatar === "string" ? { avatar: options.avatar } : {}),
      ...(typeof options.nicknames === "string" ? { nicknames: options.nicknames } : {}),
    });
    const replaced = await this.#replaceable(origin);
    const sheet = personaSheet(card, origin.userName ?? origin.user);
    const greeting = this.#greeting(origin, sheet);
    await personas.start(
      origin,
      { name: sheet.name, description: "", card, identity },
      clock.now(),
      greeting,
    );
    const key = personas.keyFor(origin);
    const note = replaced ? ` It replaces ${replaced.session.identity.displayName}.` : "";
    const lore = card.characterBook?.entries.length ?? 0;
    const loreNote = lore > 0 ? ` with ${lore} lore ${lore === 1 ? "entry" : "entries"}` : "";
    const intro = renderInfo(
      `**${identity.displayName}** is here, from a ${card.format.toUpperCase()} character card${loreNote}.${note}\nEvery message here now gets an in-character reply: ◀ and ▶ swipe through other replies. End it with /${command.name} end.`,
      render,
    );
    const session: PersonaSession = {
      version: 2,
      name: sheet.name,
      description: "",
      card,
      identity,
      startedBy: origin.user,
      turns: [],
      createdAt: clock.now(),
    };
    return greeting?.swipes
      ? [
          intro,
          renderSwipes(greeting.swipes, voiceOf(key, session), render, {
            replaces: false,
            modelCalls: 0,
          }),
        ]
      : [intro];
  }

  /** The card's first message, its alternate greetings as the swipes; none without one. */
  #greeting(origin: Origin, sheet: PersonaSheet): PersonaTurn | undefined {
    const { display } = sheet;
    const candidates = [display.greeting, ...display.alternateGreetings]
      .map((text) => safeText(text, this.#options.render.maxAnswerChars))
      .filter(Boolean);
    const [first] = candidates;
    if (!first) return undefined;
    const createId = this.#options.createId ?? (() => crypto.randomUUID().replaceAll("-", ""));
    return {
      speaker: sheet.name,
      text: first,
      persona: true,
      swipes: {
        id: `g${createId()}`.slice(0, 33),
        promptedBy: origin.user,
        candidates,
        showing: 0,
      },
    };
  }

  async #export(origin: Origin, command: PersonaCommand): Promise<Reply[]> {
    const found = await this.#options.personas.find(origin);
    if (!found) return [this.#noPersona(command)];
    const { session } = found;
    const card: CharacterCard =
      session.card ?? cardOfDescription(session.name, session.description);
    const reply = renderInfo(
      `**${session.identity.displayName}** as a Character Card V2 file.`,
      this.#options.render,
      true,
    );
    return [
      {
        ...reply,
        file: {
          name: exportFileName(card),
          contentType: "application/json",
          text: exportCardV2Json(card),
        },
      },
    ];
  }

  async #end(origin: Origin): Promise<Reply[]> {
    const { personas, render } = this.#options;
    const found = await personas.find(origin);
    if (found && !mayChangePersona(origin, found.session.startedBy)) {
      throw personaChangeRefused(found.session.identity.displayName, "end");
    }
    if (found) await personas.end(found.key);
    const ended = found?.session;
    const body = ended
      ? `**${ended.identity.displayName}** has left after ${ended.turns.length} messages.`
      : "No persona is active here.";
    return [renderInfo(body, render)];
  }

  async #show(origin: Origin, command: PersonaCommand): Promise<Reply[]> {
    const found = await this.#options.personas.find(origin);
    if (!found) return [this.#noPersona(command)];
    const { session } = found;
    const about = session.card
      ? `from a ${session.card.format.toUpperCase()} character card${session.identity.nicknames.length > 0 ? `, also called ${session.identity.nicknames.join(", ")}` : ""}`
      : session.description;
    const body = `**${session.identity.displayName}**: ${about}\n${session.turns.length} messages so far, started by ${session.startedBy}.`;
    return [renderInfo(body, this.#options.render, true)];
  }

  #noPersona(command: PersonaCommand): Reply {
    return renderInfo(
      `No persona is active here. Start one with /${command.name} start or /${command.name} import.`,
      this.#options.render,
      true,
    );
  }

  /** What the next turn's prompt would carry of the conversation, privately. */
  async #memory(origin: Origin, command: PersonaCommand): Promise<Reply[]> {
    const found = await this.#changeable(origin, command, "memory");
    if (!found) return [this.#noPersona(command)];
    const { session } = found;
    const prompt = promptOf(session, origin.userName ?? origin.user);
    const kept = this.#remembered(session, prompt, "");
    const name = session.identity.displayName;
    if (kept.length === 0) {
      return [
        renderInfo(
          `**${name}** remembers nothing of this conversation yet.`,
          this.#options.render,
          true,
        ),
      ];
    }
    const lines = kept.map((turn) => {
      const text = turn.text.replace(/\s+/g, " ").trim();
      const cut =
        text.length > MEMORY_LINE_CHARS ? `${text.slice(0, MEMORY_LINE_CHARS - 1)}…` : text;
      return `${displayName(turn.speaker, 60, "Someone")}: ${cut}`;
    });
    const forgotten = session.turns.length - kept.length;
    const head =
      forgotten > 0
        ? `**${name}** remembers the latest ${kept.length} of ${session.turns.length} messages (the ${forgotten} before them no longer fit its memory):`
        : `**${name}** remembers ${kept.length === 1 ? "the one message" : `all ${kept.length} messages`}:`;
    return [renderInfo([head, ...lines].join("\n"), this.#options.render, true)];
  }

  async #forget(origin: Origin, command: PersonaCommand): Promise<Reply[]> {
    const found = await this.#changeable(origin, command, "forget");
    if (!found) return [this.#noPersona(command)];
    const dropped = await this.#options.personas.forgetLast(found.key);
    const name = found.session.identity.displayName;
    const body =
      dropped.length === 0
        ? `**${name}** has nothing to forget yet.`
        : `**${name}** forgot the last exchange (${dropped.length} ${dropped.length === 1 ? "message" : "messages"}); it stays in the channel, but not in ${name}'s memory.`;
    return [renderInfo(body, this.#options.render)];
  }

  async #reset(origin: Origin, command: PersonaCommand): Promise<Reply[]> {
    const found = await this.#changeable(origin, command, "reset");
    if (!found) return [this.#noPersona(command)];
    const cleared = await this.#options.personas.reset(found.key);
    const name = found.session.identity.displayName;
    return [
      renderInfo(
        `**${name}** forgot this conversation (${cleared} messages) and starts afresh.`,
        this.#options.render,
      ),
    ];
  }

  /** The session here, when this person may change it (as for ending it). */
  async #changeable(
    origin: Origin,
    _command: PersonaCommand,
    action: "forget" | "reset" | "memory",
  ): Promise<{ key: string; session: PersonaSession } | null> {
    const found = await this.#options.personas.find(origin);
    if (found && !mayChangePersona(origin, found.session.startedBy)) {
      throw personaChangeRefused(found.session.identity.displayName, action);
    }
    return found;
  }

  /** The newest turns that fit in the budget beside the persona and the message. */
  #remembered(session: PersonaSession, prompt: TurnPrompt, message: string): PersonaTurn[] {
    const reserved =
      PERSONA_PROMPT_OVERHEAD +
      (prompt.sheet?.tokens ?? estimateTokens(prompt.description)) +
      estimateTokens(message);
    return trimToBudget(
      session.turns,
      this.#options.tokenBudget - this.#loreBudget(session),
      reserved,
    );
  }

  #loreBudget(session: PersonaSession): number {
    return session.card?.characterBook ? Math.floor(this.#options.tokenBudget * LORE_SHARE) : 0;
  }

  /** The persona's reply to a message here, or nothing when no persona is active. */
  async message(origin: Origin, text: string, command: PersonaCommand): Promise<Reply[]> {
    const { personas, engine, settings, render } = this.#options;
    const message = cleanUserText(text);
    if (!message) return [];
    const found = await personas.find(origin);
    if (!found) return [];
    const { key, session } = found;
    if (message.length > MESSAGE_LIMIT) {
      throw invalidInput(
        `That message is ${message.length} characters; ${session.identity.displayName} reads at most ${MESSAGE_LIMIT}.`,
      );
    }
    await this.#options.rateLimiter.take(origin);
    const speaker = origin.userName ?? origin.user;
    const prompt = promptOf(session, speaker);
    const transcript = this.#remembered(session, prompt, message);
    const input: PersonaTurnInput = {
      name: prompt.name,
      description: prompt.description,
      transcript,
      message: { speaker, text: message },
      ...(prompt.sheet
        ? { card: this.#cardParts(session, prompt.sheet, transcript, message) }
        : {}),
    };
    const spec = command.turn(input, await settings.resolve(origin, command.defaults));
    const draw = await engine.start(spec, {
      show: 1,
      tags: {
        layout: "single",
        moreLabel: "More like this",
        persona: key,
        postedIn: postedIn(origin),
      },
    });
    const reply = draw.candidates[0];
    if (!reply) return [];
    const shown = safeText(reply.text, render.maxAnswerChars);
    const swipes: PersonaSwipes = {
      id: draw.tailId,
      promptedBy: origin.user,
      candidates: [shown],
      showing: 0,
      tailId: draw.tailId,
      ...(draw.ended && draw.remaining === 0 ? { ended: true } : {}),
    };
    await personas.record(
      key,
      { speaker, text: message, persona: false },
      { speaker: prompt.name, text: shown, persona: true, tailId: draw.tailId, swipes },
    );
    return [
      renderSwipes(swipes, voiceOf(key, session), render, {
        replaces: false,
        modelCalls: draw.modelCalls,
      }),
    ];
  }

  /** A card's prompt parts for one turn, with the lore its recent messages call for. */
  #cardParts(
    session: PersonaSession,
    sheet: PersonaSheet,
    transcript: readonly PersonaTurn[],
    message: string,
  ): NonNullable<PersonaTurnInput["card"]> {
    const lore = selectLore(
      session.card?.characterBook,
      [...transcript.map((turn) => turn.text), message],
      { budgetTokens: this.#loreBudget(session), names: sheet.names },
    );
    return {
      systemPrompt: sheet.systemPrompt,
      postHistoryInstructions: sheet.postHistoryInstructions,
      loreBefore: loreText(lore.chosen, "before_char"),
      loreAfter: loreText(lore.chosen, "after_char"),
    };
  }

  /**
   * ◀ or ▶ on the persona's latest message: the turn's other replies, from the tail first,
   * then one call for more; only for who prompted the turn (see swipe-turn.ts).
   */
  swipe(origin: Origin, direction: SwipeDirection, swipeId: string): Promise<Reply[]> {
    return swipeTurn(this.#options, origin, direction, swipeId);
  }
}
