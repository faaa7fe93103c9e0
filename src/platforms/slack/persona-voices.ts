import type { ReplyVoice } from "../../app/types.js";
import type { StateStore } from "../../engine/ports.js";
import { escapeSlackText } from "./escape.js";
import { slackErrorCode } from "./slack-errors.js";

/**
 * How long a workspace that refused a custom name is remembered: posts skip the attempt
 * meanwhile, and a scope added later is tried again after it.
 */
const REFUSAL_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What Slack answers when the app may not post under another name: the token lacks
 * `chat:write.customize`, or its type cannot customize at all.
 */
const CUSTOMIZE_REFUSALS: ReadonlySet<string> = new Set([
  "missing_scope",
  "not_allowed_token_type",
]);

export function isCustomizeRefusal(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && CUSTOMIZE_REFUSALS.has(code);
}

/** chat.postMessage's arguments for posting as a persona (`chat:write.customize`). */
export function identityArguments(voice: ReplyVoice): { username: string; icon_url?: string } {
  return {
    username: voice.name.slice(0, 80),
    ...(voice.avatarUrl ? { icon_url: voice.avatarUrl } : {}),
  };
}

/** The fallback where a custom name is refused: the name leads the message, "*Name*: …". */
export function namePrefix(voice: ReplyVoice): string {
  return `*${escapeSlackText(voice.name).replace(/\*/g, "")}*: `;
}

/**
 * Per workspace, whether persona posts may carry their own name and icon. Unknown means yes:
 * the first refusal is remembered, so later posts go straight to the name prefix.
 */
export class PersonaVoices {
  readonly #store: StateStore;

  constructor(store: StateStore) {
    this.#store = store;
  }

  async mayCustomize(team: string | undefined): Promise<boolean> {
    return (await this.#store.get<boolean>(refusedKey(team))) !== true;
  }

  async refused(team: string | undefined): Promise<void> {
    await this.#store.set(refusedKey(team), true, REFUSAL_TTL_MS);
  }
}

function refusedKey(team: string | undefined): string {
  return `slack:customize-refused:${team ?? "-"}`;
}
