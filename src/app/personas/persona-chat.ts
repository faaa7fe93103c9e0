import type { PersonaCommand } from "../../command-kit/definition.js";
import { cleanUserText } from "../../command-kit/options.js";
import type { VsEngine } from "../../engine/engine.js";
import type { Clock } from "../../engine/ports.js";
import { mayChangePersona, personaChangeRefused, postedIn } from "../permissions.js";
import type { UserRateLimiter } from "../rate-limit.js";
import { invalidInput } from "../read-options.js";
import { type RenderContext, renderAnswer, renderInfo } from "../render.js";
import { safeText } from "../safe-text.js";
import type { SettingsService } from "../settings.js";
import type { Origin, Reply, ReplyVoice } from "../types.js";
import { displayName } from "./cards/index.js";
import type { PersonaSession } from "./persona-session.js";
import { estimateTokens, type PersonaService, trimToBudget } from "./personas.js";

/** Longest chat message a persona reads; longer ones get a clear error. */
const MESSAGE_LIMIT = 4000;
/** What the persona prompt costs besides the description and the conversation. */
const PERSONA_PROMPT_OVERHEAD = 250;

export interface PersonaChatOptions {
  readonly personas: PersonaService;
  readonly engine: VsEngine;
  readonly settings: SettingsService;
  readonly rateLimiter: UserRateLimiter;
  readonly clock: Clock;
  readonly render: RenderContext;
  /** Tokens of persona description plus conversation sent per turn; oldest turns go first. */
  readonly tokenBudget: number;
}

/** Who the persona's replies are posted as. */
export function voiceOf(key: string, session: PersonaSession): ReplyVoice {
  const { displayName: name, avatar } = session.identity;
  return { name, persona: key, ...(avatar ? { avatarUrl: avatar.url } : {}) };
}

/** Dialogue simulation: the persona subcommands, and each message's in-character VS sample. */
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
    const { personas, render, clock } = this.#options;
    if (subcommand === "start") {
      const description = String(options.description);
      const name = typeof options.name === "string" && options.name ? options.name : "Persona";
      const found = await personas.find(origin);
      // A persona of the parent channel is not replaced by one started in a thread.
      const replaced = found?.key === personas.keyFor(origin) ? found : null;
      if (replaced && !mayChangePersona(origin, replaced.session.startedBy)) {
        throw personaChangeRefused(replaced.session.name, "replace");
      }
      await personas.start(
        origin,
        { name, description, identity: { displayName: displayName(name), nicknames: [] } },
        clock.now(),
      );
      const note = replaced ? ` (it replaces ${replaced.session.name})` : "";
      const body = `**${name}** is here${note}: ${description}\nEvery message here now gets an in-character reply. End it with /${command.name} end.`;
      return [renderInfo(body, render)];
    }
    if (subcommand === "end") {
      const found = await personas.find(origin);
      if (found && !mayChangePersona(origin, found.session.startedBy)) {
        throw personaChangeRefused(found.session.name, "end");
      }
      if (found) await personas.end(found.key);
      const ended = found?.session;
      const body = ended
        ? `**${ended.name}** has left after ${ended.turns.length} messages.`
        : "No persona is active here.";
      return [renderInfo(body, render)];
    }
    const found = await personas.find(origin);
    if (!found) {
      return [
        renderInfo(
          `No persona is active here. Start one with /${command.name} start.`,
          render,
          true,
        ),
      ];
    }
    const { session } = found;
    const body = `**${session.name}**: ${session.description}\n${session.turns.length} messages so far, started by ${session.startedBy}.`;
    return [renderInfo(body, render, true)];
  }

  /** The persona's reply to a message here, or nothing when no persona is active. */
  async message(origin: Origin, text: string, command: PersonaCommand): Promise<Reply[]> {
    const { personas, engine, settings, render } = this.#options;
    const message = cleanUserText(text);
    if (!message) return [];
    const found = await personas.find(origin);
    if (!found) return [];
    if (message.length > MESSAGE_LIMIT) {
      throw invalidInput(
        `That message is ${message.length} characters; ${found.session.name} reads at most ${MESSAGE_LIMIT}.`,
      );
    }
    await this.#options.rateLimiter.take(origin);
    const { key, session } = found;
    const speaker = origin.userName ?? origin.user;
    const reserved =
      PERSONA_PROMPT_OVERHEAD + estimateTokens(session.description) + estimateTokens(message);
    const transcript = trimToBudget(session.turns, this.#options.tokenBudget, reserved);
    const spec = command.turn(
      {
        name: session.name,
        description: session.description,
        transcript,
        message: { speaker, text: message },
      },
      await settings.resolve(origin, command.defaults),
    );
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
    if (reply) {
      const text = safeText(reply.text, render.maxAnswerChars);
      await personas.record(
        key,
        { speaker, text: message, persona: false },
        {
          speaker: session.name,
          text,
          persona: true,
          tailId: draw.tailId,
          swipes: {
            id: draw.tailId,
            promptedBy: origin.user,
            candidates: [text],
            showing: 0,
            tailId: draw.tailId,
          },
        },
      );
    }
    return [{ ...renderAnswer(draw, "More like this", render), voice: voiceOf(key, session) }];
  }
}
