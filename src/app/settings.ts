import type { SamplingSettings } from "../command-kit/definition.js";
import type { StateStore } from "../engine/ports.js";
import type { Origin } from "./types.js";

export type SettingsScope = "channel" | "server";
export type StoredSettings = Partial<SamplingSettings>;

function settingsKey(origin: Origin, scope: SettingsScope): string {
  // Every DM lacks a server: without the user in the key, one user's change would reach all DMs.
  const server = origin.direct ? `dm:${origin.user}` : (origin.server ?? "-");
  return scope === "server"
    ? `settings:${origin.platform}:${server}`
    : `settings:${origin.platform}:${server}:${origin.channel}`;
}

function onlyKnown(settings: StoredSettings): StoredSettings {
  const known: { -readonly [Key in keyof SamplingSettings]?: SamplingSettings[Key] } = {};
  if (settings.method !== undefined) known.method = settings.method;
  if (settings.k !== undefined) known.k = settings.k;
  if (settings.tau !== undefined) known.tau = settings.tau;
  if (settings.wording !== undefined) known.wording = settings.wording;
  return known;
}

/**
 * Per-server and per-channel sampling defaults. Precedence, weakest first: the environment,
 * the command's own defaults, the server's settings, the channel's settings.
 */
export class SettingsService {
  readonly #store: StateStore;
  readonly #defaults: SamplingSettings;

  constructor(store: StateStore, defaults: SamplingSettings) {
    this.#store = store;
    this.#defaults = defaults;
  }

  async resolve(origin: Origin, commandDefaults: StoredSettings = {}): Promise<SamplingSettings> {
    const [server, channel] = await Promise.all([
      this.#store.get<StoredSettings>(settingsKey(origin, "server")),
      this.#store.get<StoredSettings>(settingsKey(origin, "channel")),
    ]);
    return {
      ...this.#defaults,
      ...onlyKnown(commandDefaults),
      ...onlyKnown(server ?? {}),
      ...onlyKnown(channel ?? {}),
    };
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
}
