import type {
  CommandDefinition,
  PersonaCommand,
  SampleCommand,
  SamplingSettings,
  Subcommand,
} from "../command-kit/definition.js";
import { describeOptions } from "../command-kit/option-info.js";
import { splitSubcommand } from "../command-kit/parse-text.js";
import type { Draw, VsEngine } from "../engine/engine.js";
import type { Clock, Logger, RandomSource, StateStore } from "../engine/ports.js";
import { mathRandom } from "../engine/random.js";
import { type CallScopes, createCallScopes } from "../model/call-scope.js";
import { type Metrics, noMetrics } from "../observability/metrics.js";
import { AccessPolicy } from "./access/access-policy.js";
import { parseButtonId } from "./button-id.js";
import { chatTask } from "./conversation/chat-task.js";
import { ConversationChat } from "./conversation/conversation-chat.js";
import { endsPersona, personaRequestOf } from "./conversation/persona-request.js";
import { withDeadline } from "./deadline.js";
import { foreignButton, mayChangePersona, personaChangeRefused, postedIn } from "./permissions.js";
import { PersonaChat } from "./personas/persona-chat.js";
import { PersonaService } from "./personas/personas.js";
import { SceneDirector, type SceneOutlet } from "./personas/scenes/scene-director.js";
import { SceneStore } from "./personas/scenes/scene-state.js";
import { parseSwipeId } from "./personas/swipe-buttons.js";
import { hearsEverything, triggerFor } from "./personas/triggers/persona-triggers.js";
import { type RateLimit, UserRateLimiter } from "./rate-limit.js";
import { invalidInput, readOptions } from "./read-options.js";
import {
  type RenderContext,
  renderAnswer,
  renderChainEnded,
  renderChart,
  renderInfo,
  renderList,
  renderPick,
} from "./render.js";
import { RequestGuard } from "./request-guard.js";
import { safeText } from "./safe-text.js";
import { SettingsService } from "./settings.js";
import { settingsCommand } from "./settings-command.js";
import type { Inbound, Origin, Reply } from "./types.js";
import { usageCommand } from "./usage/usage-command.js";
import { UsageLedger } from "./usage/usage-ledger.js";

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
  /** Estimated tokens of a chat reply's whole model request (VSBOT_CHAT_TOKEN_BUDGET); 4000 by default. */
  readonly chatTokenBudget?: number;
  readonly userRateLimit: RateLimit | null;
  /**
   * Longest one event may take (VSBOT_REQUEST_TIMEOUT): by then it has its replies or has
   * failed with model_timeout. None when undefined.
   */
  readonly requestTimeoutMs?: number;
  /** Who may use the bot and change its settings; everyone, when absent. */
  readonly access?: AccessPolicy;
  /** Usage per server and the daily budget; counted without a budget when absent. */
  readonly usage?: UsageLedger;
  /** The scopes the model client reads (the chosen model, the budget, the tally). */
  readonly scopes?: CallScopes;
  readonly metrics?: Metrics;
  /** The models /vs settings may choose, the default first; none in the offline demo. */
  readonly models?: readonly string[];
  /** Draws for personas' talkativeness (unprompted replies); Math.random when absent. */
  readonly random?: RandomSource;
  /** Scenes (VSBOT_SCENE_MAX, VSBOT_SCENE_TURNS, VSBOT_SCENE_PAUSE); defaults 3, 10, 3 s. */
  readonly scenes?: {
    readonly maxPersonas: number;
    readonly turnLimit: number;
    readonly pauseMs: number;
  };
  /** How a reply names a chosen model; the render context's model otherwise. */
  readonly describeModel?: (name: string) => string | undefined;
}

const OPEN_ACCESS = new AccessPolicy({
  allowedChannels: [],
  blockedChannels: [],
  allowedRoles: [],
  blockedRoles: [],
  allowedUsers: [],
  blockedUsers: [],
  adminUsers: [],
  allowDms: true,
});

type CommandCall = Extract<Inbound, { type: "command" }>;
type MessageEvent = Extract<Inbound, { type: "message" }>;

const DEFAULT_CHAT_TOKEN_BUDGET = 4000;

/**
 * The platform-neutral chat core: every platform adapter turns its events into Inbound and
 * renders the Replies. Failures are thrown as VsbotError for the adapter to show.
 */
export class ChatService {
  readonly #options: ChatServiceOptions;
  readonly #commands: ReadonlyMap<string, CommandDefinition>;
  readonly #personaCommand: PersonaCommand | undefined;
  readonly #settings: SettingsService;
  readonly #personas: PersonaService;
  readonly #personaChat: PersonaChat;
  readonly #conversation: ConversationChat;
  readonly #rateLimiter: UserRateLimiter;
  readonly #access: AccessPolicy;
  readonly #usage: UsageLedger;
  readonly #guard: RequestGuard;
  readonly #random: RandomSource;
  readonly #scenes: SceneDirector;
  readonly #sceneStore: SceneStore;

  constructor(options: ChatServiceOptions) {
    this.#options = options;
    this.#random = options.random ?? mathRandom;
    this.#commands = new Map(options.commands.map((command) => [command.name, command]));
    this.#personaCommand = options.commands.find(
      (command): command is PersonaCommand => command.kind === "persona",
    );
    this.#settings = new SettingsService(options.store, options.defaults, options.models ?? []);
    this.#access = options.access ?? OPEN_ACCESS;
    this.#usage =
      options.usage ??
      new UsageLedger({
        store: options.store,
        clock: options.clock,
        dailyBudget: null,
        holdMs: 60_000,
        createId: () => crypto.randomUUID(),
      });
    this.#personas = new PersonaService(options.store, options.personaTtlMs);
    this.#rateLimiter = new UserRateLimiter(options.store, options.userRateLimit, options.clock);
    this.#personaChat = new PersonaChat({
      personas: this.#personas,
      engine: options.engine,
      settings: this.#settings,
      rateLimiter: this.#rateLimiter,
      clock: options.clock,
      render: options.render,
      tokenBudget: options.personaTokenBudget,
    });
    this.#conversation = new ConversationChat({
      engine: options.engine,
      settings: this.#settings,
      rateLimiter: this.#rateLimiter,
      render: options.render,
      logger: options.logger,
      tokenBudget: options.chatTokenBudget ?? DEFAULT_CHAT_TOKEN_BUDGET,
    });
    this.#sceneStore = new SceneStore(options.store, options.personaTtlMs);
    this.#scenes = new SceneDirector({
      personas: this.#personas,
      scenes: this.#sceneStore,
      engine: options.engine,
      settings: this.#settings,
      clock: options.clock,
      logger: options.logger,
      render: options.render,
      maxPersonas: options.scenes?.maxPersonas ?? 3,
      turnLimit: options.scenes?.turnLimit ?? 10,
      pauseMs: options.scenes?.pauseMs ?? 3000,
      tokenBudget: options.personaTokenBudget,
      createId: () => crypto.randomUUID(),
      asRequestOf: (origin, line) =>
        this.#guard.run(
          {
            type: "command",
            origin,
            name: this.#personaCommand?.name ?? "persona",
            subcommand: "scene",
          },
          line,
        ),
    });
    this.#guard = new RequestGuard({
      policy: this.#access,
      ledger: this.#usage,
      scopes: options.scopes ?? createCallScopes(),
      metrics: options.metrics ?? noMetrics,
      logger: options.logger,
      answers: async (event) => event.addressed === true || (await this.hasPersona(event.origin)),
      modelFor: async (event) => (await this.#settings.resolveModel(event.origin)) ?? "",
      methodFor: (event) => this.#methodFor(event),
      describeModel: options.describeModel ?? (() => undefined),
    });
  }

  get commands(): readonly CommandDefinition[] {
    return this.#options.commands;
  }

  /**
   * Answers one event within the request deadline (VSBOT_REQUEST_TIMEOUT); refusals and
   * failures are thrown as VsbotError.
   */
  handle(event: Inbound): Promise<Reply[]> {
    const timeoutMs = this.#options.requestTimeoutMs;
    return this.#guard.run(event, () =>
      timeoutMs === undefined
        ? this.#dispatch(event)
        : withDeadline(() => this.#dispatch(event), timeoutMs),
    );
  }

  /**
   * Whether the access lists let this person use the bot here, so adapters can make a refusal
   * private from the first response on. `handle` checks again in any case.
   */
  mayUse(origin: Origin): boolean {
    return this.#access.refusal(origin) === null;
  }

  async #dispatch(event: Inbound): Promise<Reply[]> {
    switch (event.type) {
      case "command":
        return this.#command(event);
      case "button":
        return this.#button(event.origin, event.id);
      case "message":
        return this.#message(event);
    }
  }

  /**
   * One path for every message: where a persona is active it answers; elsewhere a message
   * addressed to the bot gets a chat reply, and any other message nothing.
   */
  async #message(event: MessageEvent): Promise<Reply[]> {
    const persona = this.#personaCommand;
    const found = persona ? await this.#personas.find(event.origin) : null;
    if (persona && found) {
      const answers =
        event.triggered ??
        triggerFor(
          {
            session: found.session,
            origin: event.origin,
            text: event.text,
            addressed: event.addressed === true,
          },
          this.#random,
        ) !== null;
      if (!answers) return [];
      if (event.addressed && endsPersona(event.text)) {
        return this.#command({
          type: "command",
          origin: event.origin,
          name: persona.name,
          subcommand: "end",
        });
      }
      return this.#personaChat.message(event.origin, event.text, persona);
    }
    if (!event.addressed) return [];
    const personaRequest = persona ? personaRequestOf(event.text) : null;
    if (persona && personaRequest !== null) {
      return this.#personaFromChat(event.origin, persona, personaRequest);
    }
    return this.#conversation.reply(event.origin, event.text, event.history);
  }

  /**
   * "Start a persona: …" said to the bot starts one where the conversation is private to it
   * (a thread, a DM, the console); in a channel it would take over every message, so there
   * the reply points to the command, which opens a thread.
   */
  async #personaFromChat(origin: Origin, persona: PersonaCommand, text: string): Promise<Reply[]> {
    const contained =
      origin.thread !== undefined ||
      origin.parentChannel !== undefined ||
      origin.direct === true ||
      origin.platform === "console";
    if (!contained) {
      return [
        renderInfo(
          `To start a persona, use /${persona.name} start <who they are>: it opens a thread where the persona answers.`,
          this.#options.render,
        ),
      ];
    }
    const replies = await this.#command({
      type: "command",
      origin,
      name: persona.name,
      subcommand: "start",
      text,
    });
    // Started by talking, it can be ended by talking: slash commands do not reach every thread.
    return replies.map((reply, index) =>
      index === 0 ? { ...reply, body: `${reply.body}\nOr say "end the persona" here.` } : reply,
    );
  }

  /**
   * Reads an attached character card and gives the name its persona would post as, starting
   * nothing: platforms that open a thread for a persona check the card first. A bad card
   * throws the same clear error `/persona import` would.
   */
  previewCard(file: unknown): Promise<string> {
    return this.#personaChat.previewCard(file);
  }

  /**
   * Whether the persona here answers this message (see triggerFor): adapters ask before
   * showing "typing", then pass `triggered: true`. It may draw for talkativeness, so ask once.
   */
  async personaAnswers(origin: Origin, text: string, addressed: boolean): Promise<boolean> {
    const found = await this.#personas.find(origin);
    if (!found) return false;
    return triggerFor({ session: found.session, origin, text, addressed }, this.#random) !== null;
  }

  /**
   * Where a platform posts the lines of unattended scenes, for origins of that platform.
   * Without one, `/persona scene start` says scenes cannot run there.
   */
  setSceneOutlet(platform: Origin["platform"], outlet: SceneOutlet): void {
    this.#scenes.setOutlet(platform, outlet);
  }

  /** Resolves once every scene running in this process has stopped (for shutdown and tests). */
  scenesSettled(): Promise<void> {
    return this.#scenes.settled();
  }

  /** Stops this process's scene runs after their current line (shutdown); no new ones start. */
  stopScenes(): Promise<void> {
    return this.#scenes.close();
  }

  /** /persona talkativeness: only who may change the persona sets it. */
  async #talkativeness(origin: Origin, command: PersonaCommand, level: number): Promise<Reply[]> {
    const found = await this.#personas.find(origin);
    const { render } = this.#options;
    if (!found) {
      return [
        renderInfo(
          `No persona is active here. Start one with /${command.name} start.`,
          render,
          true,
        ),
      ];
    }
    if (!mayChangePersona(origin, found.session.startedBy)) {
      throw personaChangeRefused(found.session.name, "replace");
    }
    await this.#personas.setTalkativeness(found.key, level);
    const name = found.session.identity.displayName;
    const where = hearsEverything(origin)
      ? ` Here it answers every message anyway; talkativeness counts where it shares a channel.`
      : "";
    const body =
      level === 0
        ? `**${name}** now speaks only when mentioned, replied to or named.${where}`
        : `**${name}** now joins in unprompted about ${Math.round(level * 100)}% of the time, and always when mentioned, replied to or named.${where}`;
    return [renderInfo(body, render)];
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

  async #command(call: CommandCall): Promise<Reply[]> {
    const name = call.name.replace(/^\//, "").toLowerCase();
    const command = this.#commands.get(name);
    if (!command) {
      const names = [...this.#commands.keys()].map((known) => `/${known}`).join(", ");
      throw invalidInput(`Unknown command /${name}. Commands: ${names}.`);
    }
    if (command.kind === "sample") return this.#sample(call, command);
    const names = Object.keys(command.subcommands);
    let subcommandName = call.subcommand?.toLowerCase();
    let rest = call.text;
    if (subcommandName === undefined && call.text !== undefined) {
      const split = splitSubcommand(call.text, names);
      subcommandName = split.subcommand;
      rest = split.rest;
    }
    if (subcommandName === undefined && names.length === 1) subcommandName = names[0];
    const subcommands: Readonly<Record<string, Subcommand>> = command.subcommands;
    const subcommand = subcommandName ? subcommands[subcommandName] : undefined;
    if (!subcommandName || !subcommand) {
      const given = subcommandName
        ? `Unknown subcommand "${subcommandName}"`
        : "A subcommand is needed";
      throw invalidInput(`${given} for /${name}: use ${names.join(", ")}.`);
    }
    const options = readOptions(
      { ...call, ...(rest === undefined ? {} : { text: rest }) },
      subcommand.options,
      subcommand.primary,
      `/${name} ${subcommandName}`,
    );
    if (command.kind === "persona" && subcommandName === "scene") {
      if (options.action === "start") await this.#rateLimiter.take(call.origin);
      return this.#scenes.command(call.origin, command, options);
    }
    if (command.kind === "persona" && subcommandName === "talkativeness") {
      return this.#talkativeness(call.origin, command, Number(options.level));
    }
    if (command.kind === "persona") {
      return this.#personaChat.command(call.origin, command, subcommandName, options);
    }
    if (subcommandName === "usage") {
      return usageCommand(
        {
          ledger: this.#usage,
          policy: this.#access,
          render: this.#options.render,
          now: () => this.#options.clock.now(),
        },
        call.origin,
      );
    }
    return settingsCommand(
      { settings: this.#settings, policy: this.#access, render: this.#options.render },
      call.origin,
      command.name,
      options,
    );
  }

  /** The generation method an event's model calls use: only asked when a call is made. */
  async #methodFor(event: Inbound): Promise<string> {
    if (event.type === "button") {
      const parsed = parseButtonId(event.id);
      return parsed
        ? (await this.#options.engine.distribution(parsed.tailId)).spec.method
        : "unknown";
    }
    if (event.type === "message" && !(await this.hasPersona(event.origin))) {
      return (await this.#settings.resolve(event.origin, chatTask.defaults)).method;
    }
    const command =
      event.type === "message"
        ? this.#personaCommand
        : this.#commands.get(event.name.replace(/^\//, "").toLowerCase());
    const defaults = command && command.kind !== "settings" ? command.defaults : undefined;
    return (await this.#settings.resolve(event.origin, defaults)).method;
  }

  async #sample(call: CommandCall, command: SampleCommand): Promise<Reply[]> {
    const options = readOptions(call, command.options, command.primary, `/${command.name}`);
    await this.#rateLimiter.take(call.origin);
    const settings = await this.#settings.resolve(call.origin, command.defaults);
    const draw = await this.#options.engine.start(command.task(options, settings), {
      show: Math.max(1, command.reply.show(options)),
      tags: {
        layout: command.reply.layout,
        moreLabel: command.reply.moreLabel,
        postedIn: postedIn(call.origin),
      },
    });
    return [rendererFor(command.reply.layout)(draw, command.reply.moreLabel, this.#options.render)];
  }

  async #button(origin: Origin, id: string): Promise<Reply[]> {
    const swipe = parseSwipeId(id);
    if (swipe) return this.#personaChat.swipe(origin, swipe.direction, swipe.swipeId);
    const parsed = parseButtonId(id);
    if (!parsed) throw invalidInput("This button is not one of vsbot's.");
    const { engine, render: context } = this.#options;
    const view = await engine.distribution(parsed.tailId);
    // Tails from before this tag existed carry none, and stay usable.
    const home = view.tags.postedIn;
    if (home !== undefined && home !== postedIn(origin)) throw foreignButton();
    if (parsed.action === "all") return [renderChart(view, context)];
    let draw: Draw;
    if (parsed.action === "again") {
      await this.#rateLimiter.take(origin);
      draw = await engine.startOver(parsed.tailId);
    } else {
      // Clicks served from the tail are free; one that asks the model counts like a command.
      draw = await engine.more(parsed.tailId, {
        beforeModelCall: () => this.#rateLimiter.take(origin),
      });
    }
    const { tags } = draw;
    const shown = draw.candidates[0];
    if (tags.persona && shown) {
      const text = safeText(shown.text, context.maxAnswerChars);
      await this.#personas.replaceLatest(tags.persona, draw.tailId, text);
    }
    this.#options.logger.debug("chat.more", {
      user: origin.user,
      action: parsed.action,
      tailId: draw.tailId,
      modelCalls: draw.modelCalls,
      ended: draw.ended === true,
    });
    if (!shown) return [renderChainEnded(draw, context)];
    return [rendererFor(tags.layout)(draw, tags.moreLabel ?? "More like this", context)];
  }
}

function rendererFor(layout: string | undefined) {
  if (layout === "list") return renderList;
  if (layout === "pick") return renderPick;
  return renderAnswer;
}
