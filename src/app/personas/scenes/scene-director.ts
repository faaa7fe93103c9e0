import type { PersonaCommand } from "../../../command-kit/definition.js";
import type { VsEngine } from "../../../engine/engine.js";
import type { Clock, Logger } from "../../../engine/ports.js";
import { mayChangePersona, personaChangeRefused, postedIn } from "../../permissions.js";
import { invalidInput } from "../../read-options.js";
import { type RenderContext, renderAnswer, renderInfo } from "../../render.js";
import { safeText } from "../../safe-text.js";
import type { SettingsService } from "../../settings.js";
import type { Origin, Reply, ReplyVoice } from "../../types.js";
import { avatarOption } from "../card-persona.js";
import { displayName } from "../cards/index.js";
import type { PersonaSession } from "../persona-session.js";
import { voiceOf } from "../persona-voice.js";
import { estimateTokens, type PersonaService, trimToBudget } from "../personas.js";
import { type LoopStop, loopStop, type SceneLine } from "./loop-guard.js";
import type { SceneGuest, SceneRun, SceneStore } from "./scene-state.js";

/** Posts a scene's lines where it runs: each platform gives one, for its own origins. */
export type SceneOutlet = (origin: Origin, replies: readonly Reply[]) => Promise<void>;

export interface SceneDirectorOptions {
  readonly personas: PersonaService;
  readonly scenes: SceneStore;
  readonly engine: VsEngine;
  readonly settings: SettingsService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly render: RenderContext;
  /** VSBOT_SCENE_MAX: most personas in one scene, the one started here included. */
  readonly maxPersonas: number;
  /** VSBOT_SCENE_TURNS: most lines one unattended run posts. */
  readonly turnLimit: number;
  /** VSBOT_SCENE_PAUSE: between two lines. */
  readonly pauseMs: number;
  /** Tokens of the cast's descriptions plus the scene so far, per line. */
  readonly tokenBudget: number;
  readonly createId: () => string;
  /**
   * Runs one line's model call as a request of the person who started the run (access lists,
   * rate limit, daily budget, usage), as if they had asked for it.
   */
  readonly asRequestOf: (origin: Origin, line: () => Promise<Reply[]>) => Promise<Reply[]>;
}

/** What a scene line's prompt costs besides the cast and the transcript. */
const SCENE_PROMPT_OVERHEAD = 300;
/** Longest description of a cast member a scene prompt carries: several share the budget. */
const CAST_DESCRIPTION_CHARS = 800;

interface CastMember {
  readonly name: string;
  readonly description: string;
  readonly voice: ReplyVoice;
}

const STOP_REASONS: Readonly<Record<Exclude<LoopStop, null> | "limit", string>> = {
  limit: "it reached its turn limit",
  repeating: "it began repeating itself",
  circling: "it was going in circles",
};

function describe(session: PersonaSession): string {
  const card = session.card;
  const text =
    session.description ||
    (card ? [card.description, card.personality].filter(Boolean).join("\n") : "");
  return text.slice(0, CAST_DESCRIPTION_CHARS);
}

function castOf(key: string, session: PersonaSession, guests: readonly SceneGuest[]): CastMember[] {
  return [
    {
      name: session.identity.displayName,
      description: describe(session),
      voice: voiceOf(key, session),
    },
    ...guests.map((guest) => ({
      name: guest.identity.displayName,
      description: guest.description,
      voice: {
        name: guest.identity.displayName,
        persona: key,
        ...(guest.identity.avatar ? { avatarUrl: guest.identity.avatar.url } : {}),
      },
    })),
  ];
}

/**
 * Scenes: the persona started here and up to VSBOT_SCENE_MAX - 1 guests talk among
 * themselves. Each line is one VS call over (speaker, line) candidates, so the sampled
 * candidate decides both who speaks and what they say. An unattended run stops by itself at
 * its turn limit, or earlier when the loop guard sees it repeat or circle; `/persona scene
 * stop` ends it at once. Lines enter the persona's history, so it remembers the scene.
 */
export class SceneDirector {
  readonly #options: SceneDirectorOptions;
  readonly #outlets = new Map<Origin["platform"], SceneOutlet>();
  /** Runs going in this process, so `stop` and the tests can wait for them. */
  readonly #running = new Map<string, Promise<void>>();

  constructor(options: SceneDirectorOptions) {
    this.#options = options;
  }

  /** Where a platform posts scene lines; without one, its scenes cannot start. */
  setOutlet(platform: Origin["platform"], outlet: SceneOutlet): void {
    this.#outlets.set(platform, outlet);
  }

  /** Set at shutdown: loops end at their next check, and no run starts. */
  #closed = false;

  async close(): Promise<void> {
    this.#closed = true;
    await this.settled();
  }

  /** Resolves when every run of this process has stopped. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  async command(
    origin: Origin,
    command: PersonaCommand,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    const { personas, render } = this.#options;
    const found = await personas.find(origin);
    if (!found) {
      return [
        renderInfo(
          `No persona is active here. Start one with /${command.name} start, then add others with /${command.name} scene add.`,
          render,
          true,
        ),
      ];
    }
    const action = String(options.action);
    if (action === "add") return this.#add(origin, found.key, found.session, options);
    if (action === "start") return this.#start(origin, command, found.key, found.session, options);
    if (action === "stop") return this.#stop(origin, found.key, found.session);
    return this.#show(command, found.key, found.session);
  }

  async #add(
    origin: Origin,
    key: string,
    session: PersonaSession,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    const { scenes, maxPersonas, render } = this.#options;
    if (!mayChangePersona(origin, session.startedBy)) {
      throw personaChangeRefused(session.name, "replace");
    }
    const name = typeof options.name === "string" ? options.name.trim() : "";
    const description = typeof options.description === "string" ? options.description.trim() : "";
    if (!name || !description) {
      throw invalidInput("To add a persona to the scene, give its name and description.");
    }
    const avatar = avatarOption(typeof options.avatar === "string" ? options.avatar : undefined);
    const guest: SceneGuest = {
      name,
      description,
      identity: { displayName: displayName(name), nicknames: [], ...(avatar ? { avatar } : {}) },
      addedBy: origin.user,
    };
    const taken = new Set(
      castOf(key, session, (await scenes.get(key)).guests).map((member) =>
        member.name.toLowerCase(),
      ),
    );
    if (taken.has(guest.identity.displayName.toLowerCase())) {
      throw invalidInput(`**${guest.identity.displayName}** is in this scene already.`);
    }
    const added = await scenes.change(key, "full" as "full" | "added", (scene) =>
      scene.guests.length + 1 >= maxPersonas
        ? null
        : { scene: { ...scene, guests: [...scene.guests, guest] }, result: "added" },
    );
    if (added === "full") {
      throw invalidInput(
        `A scene holds at most ${maxPersonas} personas (VSBOT_SCENE_MAX), and this one is full.`,
      );
    }
    return [
      renderInfo(
        `**${guest.identity.displayName}** joins **${session.identity.displayName}** here. Start them talking with /persona scene start.`,
        render,
      ),
    ];
  }

  async #start(
    origin: Origin,
    command: PersonaCommand,
    key: string,
    session: PersonaSession,
    options: Readonly<Record<string, unknown>>,
  ): Promise<Reply[]> {
    const { scenes, turnLimit, render, createId } = this.#options;
    const outlet = this.#outlets.get(origin.platform);
    if (!outlet || !command.sceneLine || this.#closed) {
      throw invalidInput("Scenes cannot run here: this platform cannot post on its own.");
    }
    const scene = await scenes.get(key);
    if (scene.guests.length === 0) {
      throw invalidInput(
        `A scene needs at least two personas: add one with /${command.name} scene add name=… description=….`,
      );
    }
    const asked = typeof options.turns === "number" ? options.turns : turnLimit;
    if (asked > turnLimit) {
      throw invalidInput(`A scene runs at most ${turnLimit} lines unattended (VSBOT_SCENE_TURNS).`);
    }
    const topic = typeof options.topic === "string" && options.topic ? options.topic : undefined;
    const run: SceneRun = {
      id: createId(),
      startedBy: origin.user,
      turnsLeft: asked,
      turnsDone: 0,
      ...(topic ? { topic } : {}),
    };
    const started = await scenes.change(key, false, (current) =>
      current.run ? null : { scene: { ...current, run }, result: true },
    );
    if (!started) {
      throw invalidInput(
        `A scene is running here already; stop it with /${command.name} scene stop.`,
      );
    }
    const names = castOf(key, session, scene.guests).map((member) => `**${member.name}**`);
    const task = this.#loop(origin, command, key, run.id, outlet).finally(() => {
      this.#running.delete(run.id);
    });
    this.#running.set(run.id, task);
    return [
      renderInfo(
        `The scene begins: ${names.join(", ")}, for up to ${asked} lines${topic ? `, about ${topic}` : ""}. Stop it with /${command.name} scene stop.`,
        render,
      ),
    ];
  }

  async #stop(origin: Origin, key: string, session: PersonaSession): Promise<Reply[]> {
    const { scenes, render } = this.#options;
    const run = (await scenes.get(key)).run;
    if (!run) return [renderInfo("No scene is running here.", render, true)];
    // The run's starter, the persona's, and moderators may stop it.
    if (run.startedBy !== origin.user && !mayChangePersona(origin, session.startedBy)) {
      throw personaChangeRefused(session.name, "end");
    }
    await scenes.change(key, null, (scene) =>
      scene.run?.id === run.id ? { scene: { ...scene, run: null }, result: null } : null,
    );
    return [renderInfo(`The scene stops after ${run.turnsDone} lines.`, render)];
  }

  async #show(command: PersonaCommand, key: string, session: PersonaSession): Promise<Reply[]> {
    const scene = await this.#options.scenes.get(key);
    const cast = castOf(key, session, scene.guests).map((member) => `**${member.name}**`);
    const state = scene.run
      ? `running, ${scene.run.turnsDone} lines so far, ${scene.run.turnsLeft} to go`
      : `not running; start it with /${command.name} scene start`;
    return [
      renderInfo(`In this scene: ${cast.join(", ")} (${state}).`, this.#options.render, true),
    ];
  }

  /** Posts lines until the run is stopped, its turns are used, or the loop guard ends it. */
  async #loop(
    origin: Origin,
    command: PersonaCommand,
    key: string,
    runId: string,
    outlet: SceneOutlet,
  ): Promise<void> {
    const { scenes, logger, clock, pauseMs, render } = this.#options;
    let reason: keyof typeof STOP_REASONS | null = null;
    try {
      for (;;) {
        if (this.#closed) {
          // The run ends with this process; clearing it lets a new one start after the restart.
          await scenes.change(key, null, (current) =>
            current.run?.id === runId ? { scene: { ...current, run: null }, result: null } : null,
          );
          return;
        }
        const scene = await scenes.get(key);
        if (scene.run?.id !== runId) return;
        if (scene.run.turnsLeft <= 0) {
          reason = "limit";
          break;
        }
        const line = await this.#line(origin, command, key, scene.guests, scene.run.topic);
        if (line === null) return;
        if (line.stop) {
          reason = line.stop;
          break;
        }
        const still = await scenes.change(key, false, (current) =>
          current.run?.id === runId
            ? {
                scene: {
                  ...current,
                  run: {
                    ...current.run,
                    turnsLeft: current.run.turnsLeft - 1,
                    turnsDone: current.run.turnsDone + 1,
                  },
                },
                result: true,
              }
            : null,
        );
        if (!still) return;
        await outlet(origin, line.replies);
        if (pauseMs > 0) await clock.sleep(pauseMs);
      }
    } catch (error) {
      logger.error("scene.failed", { persona: key, error });
      await scenes.change(key, null, (scene) =>
        scene.run?.id === runId ? { scene: { ...scene, run: null }, result: null } : null,
      );
      await outlet(origin, [
        renderInfo("The scene stopped: the next line could not be written.", render),
      ]).catch(() => undefined);
      return;
    }
    const done = await scenes.change(key, 0, (scene) =>
      scene.run?.id === runId
        ? { scene: { ...scene, run: null }, result: scene.run.turnsDone }
        : null,
    );
    logger.info("scene.stopped", { persona: key, reason, lines: done });
    await outlet(origin, [
      renderInfo(
        `The scene stops by itself after ${done} lines: ${STOP_REASONS[reason]}. Start another with /${command.name} scene start.`,
        render,
      ),
    ]);
  }

  /** One line: one VS call over (speaker, line) candidates; null when the persona is gone. */
  async #line(
    origin: Origin,
    command: PersonaCommand,
    key: string,
    guests: readonly SceneGuest[],
    topic: string | undefined,
  ): Promise<{ replies: Reply[]; stop: LoopStop } | null> {
    const { personas, engine, settings, render, tokenBudget } = this.#options;
    const found = await personas.find(origin);
    if (!found || found.key !== key || !command.sceneLine) return null;
    const cast = castOf(key, found.session, guests);
    const reserved =
      SCENE_PROMPT_OVERHEAD +
      cast.reduce((sum, member) => sum + estimateTokens(member.description) + 10, 0) +
      estimateTokens(topic ?? "");
    const transcript = trimToBudget(found.session.turns, tokenBudget, reserved);
    const history: SceneLine[] = transcript.map((turn) => ({
      speaker: turn.speaker,
      text: turn.text,
    }));
    const spec = command.sceneLine(
      {
        cast: cast.map(({ name, description }) => ({ name, description })),
        transcript: history,
        ...(topic ? { topic } : {}),
      },
      await settings.resolve(origin, command.defaults),
    );
    let stop: LoopStop = null;
    const replies = await this.#options.asRequestOf(origin, async () => {
      const draw = await engine.start(spec, {
        show: 1,
        tags: { layout: "single", moreLabel: "More like this", postedIn: postedIn(origin) },
      });
      const shown = draw.candidates[0];
      const speaker = cast.find((member) => member.name === shown?.speaker);
      if (!shown || !speaker) {
        throw invalidInput("The model wrote no line for anyone in the scene.");
      }
      const text = safeText(shown.text, render.maxAnswerChars);
      stop = loopStop(history, { speaker: speaker.name, text });
      if (stop) return [];
      await personas.append(key, [{ speaker: speaker.name, text, persona: true }]);
      // A scene line has no buttons: "more" would rewrite a scene that has moved on.
      const answer = renderAnswer(draw, "More like this", render);
      return [{ ...answer, body: text, buttons: [], voice: speaker.voice }];
    });
    return { replies, stop };
  }
}
