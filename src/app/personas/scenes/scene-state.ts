import type { StateStore } from "../../../engine/ports.js";
import type { PersonaIdentity } from "../persona-session.js";

/** A persona who joined the one started here, for scenes. */
export interface SceneGuest {
  readonly name: string;
  readonly description: string;
  readonly identity: PersonaIdentity;
  readonly addedBy: string;
}

/** An unattended run of the scene: who started it and how many lines it may still post. */
export interface SceneRun {
  /** Names this run, so a stop and a new start never let an old loop post on. */
  readonly id: string;
  readonly startedBy: string;
  readonly turnsLeft: number;
  readonly turnsDone: number;
  /** What the scene is about, when the starter said. */
  readonly topic?: string;
}

/** The scene of one persona session: its guests, and the run in progress, if any. */
export interface SceneState {
  readonly version: 1;
  readonly guests: readonly SceneGuest[];
  readonly run: SceneRun | null;
}

const EMPTY: SceneState = { version: 1, guests: [], run: null };

function readScene(value: unknown): SceneState {
  return typeof value === "object" && value !== null && (value as SceneState).version === 1
    ? (value as SceneState)
    : EMPTY;
}

/** Scenes kept next to their persona session (same key, own prefix), with the same TTL. */
export class SceneStore {
  readonly #store: StateStore;
  readonly #ttlMs: number | undefined;

  constructor(store: StateStore, ttlMs: number | undefined) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  #key(sessionKey: string): string {
    return `scene:${sessionKey}`;
  }

  async get(sessionKey: string): Promise<SceneState> {
    return readScene(await this.#store.get<unknown>(this.#key(sessionKey)));
  }

  async delete(sessionKey: string): Promise<void> {
    await this.#store.delete(this.#key(sessionKey));
  }

  /** Changes the scene atomically; `change` returns null to leave it as it is. */
  async change<Result>(
    sessionKey: string,
    none: Result,
    change: (scene: SceneState) => { scene: SceneState; result: Result } | null,
  ): Promise<Result> {
    return this.#store.update<unknown, Result>(
      this.#key(sessionKey),
      (stored) => {
        const changed = change(readScene(stored));
        return changed
          ? { value: changed.scene, result: changed.result }
          : { value: stored, result: none };
      },
      this.#ttlMs,
    );
  }
}
