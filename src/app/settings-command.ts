import type { SamplingSettings } from "../command-kit/definition.js";
import { VsbotError } from "../engine/errors.js";
import { type RenderContext, renderInfo } from "./render.js";
import type { SettingsScope, SettingsService, StoredSettings } from "./settings.js";
import type { Origin, Reply } from "./types.js";

function describeStored(stored: StoredSettings): string {
  const entries = Object.entries(stored);
  return entries.length > 0 ? entries.map(([key, value]) => `${key}=${value}`).join(", ") : "none";
}

function changesFrom(options: Readonly<Record<string, unknown>>): StoredSettings {
  return {
    ...(options.k !== undefined ? { k: Number(options.k) } : {}),
    ...(options.tau !== undefined ? { tau: Number(options.tau) } : {}),
    ...(options.method !== undefined
      ? { method: options.method as SamplingSettings["method"] }
      : {}),
    ...(options.wording !== undefined
      ? { wording: options.wording as SamplingSettings["wording"] }
      : {}),
  };
}

/**
 * `/vs settings`: shows the settings in force here to anyone (privately), and changes or
 * resets them for whoever the platform says may manage the channel (publicly).
 */
export async function settingsCommand(
  settings: SettingsService,
  origin: Origin,
  commandName: string,
  options: Readonly<Record<string, unknown>>,
  render: RenderContext,
): Promise<Reply[]> {
  const scope: SettingsScope = options.scope === "server" ? "server" : "channel";
  const changes = changesFrom(options);
  const reset = options.reset === true;
  const changing = reset || Object.keys(changes).length > 0;
  if (changing && !origin.canManage) {
    throw new VsbotError("invalid_input", "settings change refused: missing permission", {
      userMessage: `Only members who can manage this ${scope} may change /${commandName} settings. Anyone can view them.`,
    });
  }
  if (changing) await settings.change(origin, scope, changes, reset);
  const [effective, serverSettings, channelSettings] = await Promise.all([
    settings.resolve(origin),
    settings.stored(origin, "server"),
    settings.stored(origin, "channel"),
  ]);
  const lines = [
    changing ? `Updated the ${scope} settings.` : "Sampling settings here:",
    `method=${effective.method}, k=${effective.k}, tau=${effective.tau}, wording=${effective.wording}`,
    `set for this server: ${describeStored(serverSettings)}; for this channel: ${describeStored(channelSettings)}`,
    "Commands may use their own k (e.g. /ask asks for 10) unless the channel or server sets one.",
  ];
  return [renderInfo(lines.join("\n"), render, !changing)];
}
