import type {
  CommandDefinition,
  OptionsSchema,
  PersonaCommand,
  SampleCommand,
  SamplingSettings,
  SettingsCommand,
  Subcommand,
} from "../commands/definition.js";
import { describeOptions } from "../commands/option-info.js";
import { cleanUserText } from "../commands/options.js";
import { parseOptionText, splitSubcommand } from "../commands/parse-text.js";
import type { VsEngine } from "../engine/engine.js";
import { VsbotError } from "../engine/errors.js";
import type { Clock, Logger, StateStore } from "../engine/ports.js";
import { parseButtonId } from "./button-id.js";
import { estimateTokens, PersonaService, trimToBudget } from "./personas.js";
import { type RateLimit, UserRateLimiter } from "./rate-limit.js";
import { type RenderContext, renderAnswer, renderChart, renderInfo, renderList } from "./render.js";
import { type SettingsScope, SettingsService, type StoredSettings } from "./settings.js";
import type { Inbound, Origin, Reply } from "./types.js";

export interface ChatServiceOptions {
  readonly engine: VsEngine;
  readonly store: StateStore;
  readonly commands: readonly CommandDefinition[];
  readonly defaults: SamplingSettings;
  readonly render: RenderContext;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly personaTtlMs: number | undefined;
  /** Tokens of persona description plus conversation sent per turn; oldest turns go first. */
  readonly personaTokenBudget: number;
  readonly userRateLimit: RateLimit | null;
}

/** Longest chat message a persona reads; longer ones get a clear error. */
const MESSAGE_LIMIT = 4000;
/** What the persona prompt costs besides the description and the conversation. */
const PERSONA_PROMPT_OVERHEAD = 250;

function invalid(message: string): VsbotError {
  return new VsbotError("invalid_input", message, { userMessage: message });
}

type CommandCall = Extract<Inbound, { type: "command" }>;

/**
 * The platform-neutral chat core: every platform adapter turns its events into Inbound and
 * renders the Replies. Failures are thrown as VsbotError for the adapter to show.
 */
export class ChatService {
  readonly #options: ChatServiceOptions;
  readonly #commands: ReadonlyMap<string, CommandDefinition>;
  readonly #settings: SettingsService;
  readonly #personas: PersonaService;
  readonly #rateLimiter: UserRateLimiter;

  constructor(options: ChatServiceOptions) {
    this.#options = options;
    this.#commands = new Map(options.commands.map((command) => [command.name, command]));
    this.#settings = new SettingsService(options.store, options.defaults);
    this.#personas = new PersonaService(options.store, options.personaTtlMs);
    this.#rateLimiter = new UserRateLimiter(options.store, options.userRateLimit, options.clock);
  }

  get commands(): readonly CommandDefinition[] {
    return this.#options.commands;
  }

  async handle(event: Inbound): Promise<Reply[]> {
    switch (event.type) {
      case "command":
        return this.#command(event);
      case "button":
        return this.#button(event.origin, event.id);
      case "message":
        return this.#message(event.origin, event.text);
    }
  }

  /** Whether a persona answers messages here, so adapters can show "typing" before asking. */
  async hasPersona(origin: Origin): Promise<boolean> {
    return (await this.#personas.find(origin)) !== null;
  }

  /** One line per command, for /help and the console banner. */
  helpText(): string {
    return this.#options.commands
      .map((command) => {
        const usage =
          command.kind === "sample"
            ? describeOptions(command.options)
                .map((option) => (option.required ? `<${option.name}>` : `[${option.name}]`))
                .join(" ")
            : Object.keys(command.subcommands).join("|");
        return `/${command.name} ${usage} - ${command.description}`;
      })
      .join("\n");
  }

  #readOptions(
    call: CommandCall,
    schema: OptionsSchema,
    primary: string | undefined,
    label: string,
  ): Record<string, unknown> {
    const infos = describeOptions(schema);
    const raw: Record<string, unknown> = { ...(call.options ?? {}) };
    if (call.text !== undefined) {
      const fromText = parseOptionText(call.text, infos, primary);
      if (fromText[""] !== undefined) {
        throw invalid(`${label} takes no free text; use name=value for its options.`);
      }
      Object.assign(raw, fromText);
    }
    const known = new Set(infos.map((info) => info.name));
    const unknown = Object.keys(raw).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const hint =
        known.size > 0 ? ` It takes: ${[...known].join(", ")}.` : " It takes no options.";
      throw invalid(
        `Unknown option ${unknown.map((name) => `"${name}"`).join(", ")} for ${label}.${hint}`,
      );
    }
    for (const [name, value] of Object.entries(raw)) {
      if (value === null || value === undefined) delete raw[name];
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw invalid(
        `${label}: ${parsed.error.issues.map((issue) => issue.message).join("; ")}.`.replace(
          /\.\.$/,
          ".",
        ),
      );
    }
    return parsed.data as Record<string, unknown>;
  }

  async #command(call: CommandCall): Promise<Reply[]> {
    const name = call.name.replace(/^\//, "").toLowerCase();
    const command = this.#commands.get(name);
    if (!command) {
      const names = [...this.#commands.keys()].map((known) => `/${known}`).join(", ");
      throw invalid(`Unknown command /${name}. Commands: ${names}.`);
    }
    if (command.kind === "sample") return this.#sample(call, command);
    let subcommandName = call.subcommand?.toLowerCase();
    let rest = call.text;
    if (subcommandName === undefined && call.text !== undefined) {
      const split = splitSubcommand(call.text, Object.keys(command.subcommands));
      subcommandName = split.subcommand;
      rest = split.rest;
    }
    const names = Object.keys(command.subcommands);
    if (subcommandName === undefined && names.length === 1) subcommandName = names[0];
    const subcommands: Readonly<Record<string, Subcommand>> = command.subcommands;
    const subcommand = subcommandName ? subcommands[subcommandName] : undefined;
    if (!subcommandName || !subcommand) {
      const given = subcommandName
        ? `Unknown subcommand "${subcommandName}"`
        : "A subcommand is needed";
      throw invalid(`${given} for /${name}: use ${names.join(", ")}.`);
    }
    const options = this.#readOptions(
      { ...call, ...(rest === undefined ? {} : { text: rest }) },
      subcommand.options,
      subcommand.primary,
      `/${name} ${subcommandName}`,
    );
    if (command.kind === "persona")
      return this.#persona(call.origin, command, subcommandName, options);
    return this.#settingsCommand(call.origin, command, options);
  }

  async #sample(call: CommandCall, command: SampleCommand): Promise<Reply[]> {
    const options = this.#readOptions(call, command.options, command.primary, `/${command.name}`);
    await this.#rateLimiter.take(call.origin);
    const settings = await this.#settings.resolve(call.origin, command.defaults);
    const spec = command.task(options, settings);
    const show = Math.max(1, command.reply.show(options));
    const draw = await this.#options.engine.start(spec, {
      show,
      tags: { layout: command.reply.layout, moreLabel: command.reply.moreLabel },
    });
    const render = command.reply.layout === "list" ? renderList : renderAnswer;
    return [render(draw, command.reply.moreLabel, this.#options.render)];
  }

  async #button(origin: Origin, id: string): Promise<Reply[]> {
    const parsed = parseButtonId(id);
    if (!parsed) throw invalid("This button is not one of vsbot's.");
    if (parsed.action === "all") {
      return [
        renderChart(await this.#options.engine.distribution(parsed.tailId), this.#options.render),
      ];
    }
    const draw = await this.#options.engine.more(parsed.tailId);
    const tags = draw.tags;
    const moreLabel = tags.moreLabel ?? "More like this";
    const shown = draw.candidates[0];
    if (tags.persona && shown) {
      await this.#personas.replaceLatest(tags.persona, draw.tailId, shown.text);
    }
    this.#options.logger.debug("chat.more", {
      user: origin.user,
      tailId: draw.tailId,
      modelCalls: draw.modelCalls,
    });
    const render = tags.layout === "list" ? renderList : renderAnswer;
    return [render(draw, moreLabel, this.#options.render)];
  }

  #personaCommand(): PersonaCommand | undefined {
    return [...this.#commands.values()].find(
      (command): command is PersonaCommand => command.kind === "persona",
    );
  }

  async #persona(
    origin: Origin,
    command: PersonaCommand,
    subcommand: string,
    options: Record<string, unknown>,
  ): Promise<Reply[]> {
    const render = this.#options.render;
    if (subcommand === "start") {
      const description = String(options.description);
      const name = typeof options.name === "string" && options.name ? options.name : "Persona";
      const replaced = await this.#personas.find(origin);
      await this.#personas.start(origin, name, description, this.#options.clock.now());
      const note = replaced ? ` (it replaces ${replaced.session.name})` : "";
      return [
        renderInfo(
          `**${name}** is here${note}: ${description}\nEvery message here now gets an in-character reply. End it with /${command.name} end.`,
          render,
        ),
      ];
    }
    if (subcommand === "end") {
      const ended = await this.#personas.end(origin);
      return [
        renderInfo(
          ended
            ? `**${ended.name}** has left after ${ended.turns.length} messages.`
            : "No persona is active here.",
          render,
        ),
      ];
    }
    const found = await this.#personas.find(origin);
    if (!found)
      return [
        renderInfo(
          `No persona is active here. Start one with /${command.name} start.`,
          render,
          true,
        ),
      ];
    const { session } = found;
    return [
      renderInfo(
        `**${session.name}**: ${session.description}\n${session.turns.length} messages so far, started by ${session.startedBy}.`,
        render,
        true,
      ),
    ];
  }

  async #message(origin: Origin, text: string): Promise<Reply[]> {
    const message = cleanUserText(text);
    if (!message) return [];
    const found = await this.#personas.find(origin);
    const command = this.#personaCommand();
    if (!found || !command) return [];
    if (message.length > MESSAGE_LIMIT) {
      throw invalid(
        `That message is ${message.length} characters; ${found.session.name} reads at most ${MESSAGE_LIMIT}.`,
      );
    }
    await this.#rateLimiter.take(origin);
    const { key, session } = found;
    const speaker = origin.userName ?? origin.user;
    const reserved =
      PERSONA_PROMPT_OVERHEAD + estimateTokens(session.description) + estimateTokens(message);
    const transcript = trimToBudget(session.turns, this.#options.personaTokenBudget, reserved);
    const settings = await this.#settings.resolve(origin, command.defaults);
    const spec = command.turn(
      {
        name: session.name,
        description: session.description,
        transcript,
        message: { speaker, text: message },
      },
      settings,
    );
    const draw = await this.#options.engine.start(spec, {
      show: 1,
      tags: { layout: "single", moreLabel: "More like this", persona: key },
    });
    const reply = draw.candidates[0];
    if (reply) {
      await this.#personas.record(
        key,
        { speaker, text: message, persona: false },
        { speaker: session.name, text: reply.text, persona: true, tailId: draw.tailId },
      );
    }
    return [renderAnswer(draw, "More like this", this.#options.render)];
  }

  async #settingsCommand(
    origin: Origin,
    command: SettingsCommand,
    options: Record<string, unknown>,
  ): Promise<Reply[]> {
    const render = this.#options.render;
    const scope = (options.scope === "server" ? "server" : "channel") as SettingsScope;
    const changes: StoredSettings = {
      ...(options.k !== undefined ? { k: Number(options.k) } : {}),
      ...(options.tau !== undefined ? { tau: Number(options.tau) } : {}),
      ...(options.method !== undefined
        ? { method: options.method as SamplingSettings["method"] }
        : {}),
      ...(options.wording !== undefined
        ? { wording: options.wording as SamplingSettings["wording"] }
        : {}),
    };
    const reset = options.reset === true;
    const changing = reset || Object.keys(changes).length > 0;
    if (changing && !origin.canManage) {
      throw new VsbotError("invalid_input", "settings change refused: missing permission", {
        userMessage: `Only members who can manage this ${scope} may change /${command.name} settings. Anyone can view them.`,
      });
    }
    if (changing) await this.#settings.change(origin, scope, changes, reset);
    const effective = await this.#settings.resolve(origin);
    const [serverSettings, channelSettings] = await Promise.all([
      this.#settings.stored(origin, "server"),
      this.#settings.stored(origin, "channel"),
    ]);
    const describeStored = (stored: StoredSettings) =>
      Object.keys(stored).length > 0
        ? Object.entries(stored)
            .map(([key, value]) => `${key}=${value}`)
            .join(", ")
        : "none";
    const lines = [
      changing ? `Updated the ${scope} settings.` : "Sampling settings here:",
      `method=${effective.method}, k=${effective.k}, tau=${effective.tau}, wording=${effective.wording}`,
      `set for this server: ${describeStored(serverSettings)}; for this channel: ${describeStored(channelSettings)}`,
      "Commands may use their own k (e.g. /ask asks for 10) unless the channel or server sets one.",
    ];
    return [renderInfo(lines.join("\n"), render, !changing)];
  }
}
