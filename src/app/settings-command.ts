import type { SamplingSettings } from "../command-kit/definition.js";
import type { AccessPolicy } from "./access/access-policy.js";
import { notPermitted } from "./access/refusals.js";
import { invalidInput } from "./read-options.js";
import { type RenderContext, renderInfo } from "./render.js";
import type { SettingsScope, SettingsService, StoredSettings } from "./settings.js";
import type { Origin, Reply } from "./types.js";

export interface SettingsCommandContext {
  readonly settings: SettingsService;
  readonly policy: AccessPolicy;
  readonly render: RenderContext;
}

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
    ...(typeof options.model === "string" ? { model: options.model } : {}),
  };
}

/** A model choice must be one of VSBOT_MODELS; the message lists them. */
function checkModel(settings: SettingsService, model: string | undefined): void {
  if (model === undefined || settings.models.includes(model)) return;
  const { models } = settings;
  if (models.length === 0) {
    throw invalidInput("The offline demo model answers here; there is no model to choose.");
  }
  if (models.length === 1) {
    throw invalidInput(`This bot offers one model, ${models[0]}. VSBOT_MODELS lists the choices.`);
  }
  throw invalidInput(`Unknown model "${model}". Choose one of: ${models.join(", ")}.`);
}

/**
 * `/vs settings`: shows the settings in force here to anyone (privately), and changes or
 * resets them for whoever the platform says may manage the channel, or server for the server
 * scope, and for bot admins (publicly).
 */
export async function settingsCommand(
  context: SettingsCommandContext,
  origin: Origin,
  commandName: string,
  options: Readonly<Record<string, unknown>>,
): Promise<Reply[]> {
  const { settings, policy, render } = context;
  const scope: SettingsScope = options.scope === "server" ? "server" : "channel";
  const changes = changesFrom(options);
  const reset = options.reset === true;
  const changing = reset || Object.keys(changes).length > 0;
  const allowed =
    scope === "server" ? policy.mayManageServer(origin) : policy.mayManageChannel(origin);
  if (changing && !allowed) {
    throw notPermitted(
      `Only members who can manage this ${scope} and bot admins may change /${commandName} settings. Anyone can view them.`,
    );
  }
  checkModel(settings, changes.model);
  if (changing) await settings.change(origin, scope, changes, reset);
  const [effective, model, serverSettings, channelSettings] = await Promise.all([
    settings.resolve(origin),
    settings.resolveModel(origin),
    settings.stored(origin, "server"),
    settings.stored(origin, "channel"),
  ]);
  const choices = settings.models.length > 1 ? ` (choices: ${settings.models.join(", ")})` : "";
  const lines = [
    changing ? `Updated the ${scope} settings.` : "Sampling settings here:",
    `method=${effective.method}, k=${effective.k}, tau=${effective.tau}, wording=${effective.wording}, model=${model ?? render.model}${choices}`,
    `set for this server: ${describeStored(serverSettings)}; for this channel: ${describeStored(channelSettings)}`,
    "Commands may use their own k (e.g. /ask asks for 10) unless the channel or server sets one.",
  ];
  return [renderInfo(lines.join("\n"), render, !changing)];
}
