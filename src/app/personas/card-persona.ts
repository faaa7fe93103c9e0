import { invalidInput } from "../read-options.js";
import type { InboundFile } from "../types.js";
import {
  CARD_LIMITS,
  type CharacterCard,
  displayName,
  parseCardFile,
  personaSheet,
} from "./cards/index.js";
import type { JsonValue } from "./cards/json-value.js";
import type { PersonaAvatar, PersonaIdentity } from "./persona-session.js";

/** Longest nickname kept; wake words are a word or two. */
const NICKNAME_LIMIT = 40;
const NICKNAMES_KEPT = 10;

/** Reads and parses an attached card; a bad file fails with the card's own message. */
export async function readCardFile(file: InboundFile): Promise<CharacterCard> {
  if (file.size !== undefined && file.size > CARD_LIMITS.fileBytes) {
    throw invalidInput(
      `That character card could not be read: the file is ${file.size.toLocaleString("en-US")} bytes, and cards may be at most ${CARD_LIMITS.fileBytes.toLocaleString("en-US")}.`,
    );
  }
  const bytes = await file.read(CARD_LIMITS.fileBytes);
  return parseCardFile(bytes, {
    fileName: file.name,
    ...(file.contentType ? { contentType: file.contentType } : {}),
  });
}

/**
 * The identity a card's persona posts with: its display name, the avatar given with the
 * command, else the card's own https icon (V3 assets), else the PNG card itself when the
 * platform gave it a public address; nicknames from the card and the command.
 */
export function cardIdentity(
  card: CharacterCard,
  file: InboundFile,
  options: { readonly avatar?: string; readonly nicknames?: string },
): PersonaIdentity {
  const sheetName = personaSheet(card, "").display.name;
  const avatar = chooseAvatar(card, file, options.avatar);
  const nicknames = [card.nickname ?? "", ...splitNicknames(options.nicknames)]
    .map((nickname) => displayName(nickname, NICKNAME_LIMIT, ""))
    .filter((nickname) => nickname && nickname.toLowerCase() !== sheetName.toLowerCase());
  return {
    displayName: sheetName,
    ...(avatar ? { avatar } : {}),
    nicknames: [...new Set(nicknames)].slice(0, NICKNAMES_KEPT),
  };
}

/** Nicknames given with a command: comma-separated. */
export function splitNicknames(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** An avatar URL given with a command: https only, since platforms fetch it from anywhere. */
export function avatarOption(text: string | undefined): PersonaAvatar | undefined {
  if (!text) return undefined;
  const url = httpsUrl(text);
  if (!url) {
    throw invalidInput(
      `avatar must be an https:// image URL (got ${JSON.stringify(text.slice(0, 80))}).`,
    );
  }
  return { url, source: "option" };
}

function chooseAvatar(
  card: CharacterCard,
  file: InboundFile,
  given: string | undefined,
): PersonaAvatar | undefined {
  const option = avatarOption(given);
  if (option) return option;
  const icon = cardIcon(card.v3Fields?.assets);
  if (icon) return { url: icon, source: "card" };
  if (card.source === "png" && file.publicUrl) {
    const url = httpsUrl(file.publicUrl);
    if (url) return { url, source: "upload" };
  }
  return undefined;
}

/** A V3 card's main icon asset, when it is an https URL (embedded ones cannot be linked). */
function cardIcon(assets: JsonValue | undefined): string | undefined {
  if (!Array.isArray(assets)) return undefined;
  const icons = assets.filter(
    (asset): asset is Record<string, JsonValue> =>
      typeof asset === "object" && asset !== null && !Array.isArray(asset) && asset.type === "icon",
  );
  const main = icons.find((asset) => asset.name === "main") ?? icons[0];
  return typeof main?.uri === "string" ? httpsUrl(main.uri) : undefined;
}

function httpsUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === "https:" && url.hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A card for a free-text persona, so `/persona export` works for every persona. */
export function cardOfDescription(name: string, description: string): CharacterCard {
  return {
    format: "v2",
    source: "json",
    name,
    description,
    personality: "",
    scenario: "",
    firstMessage: "",
    messageExamples: "",
    systemPrompt: "",
    postHistoryInstructions: "",
    alternateGreetings: [],
    creatorNotes: "",
    tags: [],
    creator: "",
    characterVersion: "",
    extensions: {},
  };
}
