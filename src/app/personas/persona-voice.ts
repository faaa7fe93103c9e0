import type { ReplyVoice } from "../types.js";
import type { PersonaSession } from "./persona-session.js";

/** Who the persona's replies are posted as: its name and picture, and its session's key. */
export function voiceOf(key: string, session: PersonaSession): ReplyVoice {
  const { displayName: name, avatar } = session.identity;
  return { name, persona: key, ...(avatar ? { avatarUrl: avatar.url } : {}) };
}
