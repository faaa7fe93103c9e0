import type { SamplingSettings } from "../command-kit/definition.js";
import type { StateStore } from "../engine/ports.js";
import type { Origin } from "./types.js";

export type SettingsScope = "channel" | "server";
/** What a channel or server may set: the sampling knobs and the model. */
export type StoredSettings = Partial<SamplingSettings> & { readonly model?: string };

function settingsKey(origin: Origin, scope: SettingsScope): string {
  // Every DM lacks a server: without the user in the key, one user's change would reach all DMs.
  const server = origin.direct ? `dm:${origin.user}` : (origin.server ?? "-");
  return scope === "server"
    ? `settings:${origin.platform}:${server}`
    : `settings:${origin.platform}:${server}:${origin.channel}`;
}

function onlyKnown(settings: StoredSettings): StoredSettings {
  const known: { -readonly [Key in keyof StoredSettings]: StoredSettings[Key] } = {};
  if (settings.method !== undefined) known.method = settings.method;
  if (settings.k !== undefined) known.k = settings.k;
  if (settings.tau !== undefined) known.tau = settings.tau;
  if (settings.wording !== undefined) known.wording = settings.wording;
  if (typeof settings.model === "string") known.model = settings.model;
  return known;
}

function samplingPart(settings: StoredSettings): Partial<SamplingSettings> {
  const { model: _model, ...sampling } = onlyKnown(settings);
  return sampling;
}

/**
 * Per-server and per-channel sampling defaults and model. Precedence, weakest first: the
 * environment, the command's own defaults, the server's settings, the channel's settings. A
 * stored model that VSBOT_MODELS no longer offers is passed over.
 */
export class SettingsService {
  readonly #store: StateStore;
  readonly #defaults: SamplingSettings;
  readonly #models: readonly string[];

  /** `models`: the choices, the default first; empty when there is nothing to choose. */
  constructor(store: StateStore, defaults: SamplingSettings, models: readonly string[] = []) {
    this.#store = store;
    this.#defaults = defaults;
    this.#models = models;
  }

  get models(): readonly string[] {
    return this.#models;
  }

  async resolve(origin: Origin, commandDefaults: StoredSettings = {}): Promise<SamplingSettings> {
    const [server, channel] = await this.#both(origin);
    return {
      ...this.#defaults,
      ...samplingPart(commandDefaults),
      ...samplingPart(server),
      ...samplingPart(channel),
    };
  }

  /** The model that serves this channel, or undefined when there is no choice of models. */
  async resolveModel(origin: Origin): Promise<string | undefined> {
    const [fallback] = this.#models;
    if (fallback === undefined || this.#models.length === 1) return fallback;
    const [server, channel] = await this.#both(origin);
    return (
      [channel.model, server.model].find(
        (name): name is string => name !== undefined && this.#models.includes(name),
      ) ?? fallback
    );
  }

  async stored(origin: Origin, scope: SettingsScope): Promise<StoredSettings> {
    return onlyKnown((await this.#store.get<StoredSettings>(settingsKey(origin, scope))) ?? {});
  }

  /** Merges changes into the scope's settings (no expiry), or forgets them with reset. */
  async change(
    origin: Origin,
    scope: SettingsScope,
    changes: StoredSettings,
    reset: boolean,
  ): Promise<StoredSettings> {
    const key = settingsKey(origin, scope);
    return this.#store.update<StoredSettings, StoredSettings>(key, (current) => {
      const next = reset
        ? onlyKnown(changes)
        : { ...onlyKnown(current ?? {}), ...onlyKnown(changes) };
      return { value: Object.keys(next).length > 0 ? next : undefined, result: next };
    });
  }

  async #both(origin: Origin): Promise<[StoredSettings, StoredSettings]> {
    const [server, channel] = await Promise.all([
      this.#store.get<StoredSettings>(settingsKey(origin, "server")),
      this.#store.get<StoredSettings>(settingsKey(origin, "channel")),
    ]);
    return [onlyKnown(server ?? {}), onlyKnown(channel ?? {})];
  }
}
