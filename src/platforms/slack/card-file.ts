import type { InboundFile } from "../../app/types.js";
import { VsbotError } from "../../engine/errors.js";
import { downloadFile } from "../download-file.js";
import type { SlackContext } from "./slack-context.js";

/** Where Slack serves files' private downloads; the API's own host is added for tests. */
const SLACK_FILE_HOSTS: readonly string[] = ["files.slack.com"];
/** The user's latest files looked through for a card when none is named. */
const RECENT_FILES = 10;

/** A file id as Slack writes it (F…), alone or inside a file's permalink or download URL. */
const FILE_ID = /^F[A-Z0-9]{6,}$/;
const FILE_ID_IN_URL = /\/(?:files\/[A-Z0-9]+|files-pri\/T[A-Z0-9]+-)\/?(F[A-Z0-9]{6,})(?:[/?#]|$)/;

interface SlackFile {
  readonly id?: string;
  readonly name?: string;
  readonly mimetype?: string;
  readonly size?: number;
  readonly user?: string;
  readonly url_private_download?: string;
  readonly url_private?: string;
  readonly channels?: readonly string[];
  readonly groups?: readonly string[];
  readonly ims?: readonly string[];
}

function noCard(message: string): VsbotError {
  return new VsbotError("invalid_input", `no card file: ${message}`, { userMessage: message });
}

/** The file a text names (an id or a link) and the text left after it. */
export function fileReference(text: string): { readonly fileId?: string; readonly rest: string } {
  const [first = "", ...others] = text.trim().split(/\s+/);
  const fileId = FILE_ID.test(first) ? first : FILE_ID_IN_URL.exec(first)?.[1];
  return fileId ? { fileId, rest: others.join(" ") } : { rest: text.trim() };
}

function looksLikeCard(file: SlackFile): boolean {
  const name = file.name?.toLowerCase() ?? "";
  return (
    name.endsWith(".json") ||
    name.endsWith(".png") ||
    file.mimetype === "application/json" ||
    file.mimetype === "image/png"
  );
}

/**
 * The card a Slack user means by `/persona import`: the file named by id or link, else their
 * latest JSON or PNG file shared in this channel. Slack commands cannot carry attachments, so
 * this is what a user expects: drop the card in the channel, then run the command. A file is
 * used only when it is shared in this channel or is the user's own.
 */
export async function findCardFile(
  context: SlackContext,
  where: { readonly channel: string; readonly user: string },
  fileId: string | undefined,
): Promise<InboundFile> {
  const file = fileId
    ? await fileInfo(context, fileId)
    : await latestCard(context, where.channel, where.user);
  const shared = [...(file.channels ?? []), ...(file.groups ?? []), ...(file.ims ?? [])];
  if (file.user !== where.user && !shared.includes(where.channel)) {
    throw noCard(
      "That file is not shared in this channel. Share the card here, then run the command again.",
    );
  }
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw noCard("Slack gave no download for that file.");
  const hosts = context.fileHosts;
  let bytes: Promise<Uint8Array> | undefined;
  return {
    kind: "file",
    name: file.name ?? "card",
    ...(file.mimetype ? { contentType: file.mimetype } : {}),
    ...(file.size !== undefined ? { size: file.size } : {}),
    read: (maxBytes) => {
      bytes ??= download(context, url, hosts, maxBytes);
      return bytes;
    },
  };
}

async function fileInfo(context: SlackContext, fileId: string): Promise<SlackFile> {
  try {
    const result = await context.client.files.info({ file: fileId });
    if (result.file) return result.file as SlackFile;
  } catch (error) {
    context.logger.info("slack.file_info_failed", { file: fileId, error });
  }
  throw noCard(
    `vsbot cannot see the file ${fileId}. Share it in this channel, then run the command again.`,
  );
}

async function latestCard(
  context: SlackContext,
  channel: string,
  user: string,
): Promise<SlackFile> {
  const result = await context.client.files.list({ channel, user, count: RECENT_FILES });
  const card = (result.files as SlackFile[] | undefined)?.find(looksLikeCard);
  if (!card?.id) {
    throw noCard(
      "No card file of yours in this channel. Upload the character card (JSON or PNG) here, then run /persona import again, or give its link: /persona import <file link>.",
    );
  }
  // The listing may leave out the download address and where the file is shared.
  return card.url_private_download && card.channels ? card : fileInfo(context, card.id);
}

async function download(
  context: SlackContext,
  url: string,
  hosts: readonly string[],
  maxBytes: number,
): Promise<Uint8Array> {
  let host = "";
  try {
    host = new URL(url).host;
  } catch {
    // An unreadable address is refused below like any foreign host.
  }
  if (!hosts.includes(host)) {
    throw noCard("That file is not on Slack's servers, so vsbot does not read it.");
  }
  // The bot token is sent only to Slack's own file host, checked just above.
  return downloadFile(url, {
    what: "the card file",
    maxBytes,
    headers: { authorization: `Bearer ${context.client.token ?? ""}` },
  });
}

/** The hosts card files may come from: Slack's, and the API's own when it is set (tests). */
export function slackFileHosts(apiUrl: string | undefined): string[] {
  if (!apiUrl) return [...SLACK_FILE_HOSTS];
  try {
    return [...SLACK_FILE_HOSTS, new URL(apiUrl).host];
  } catch {
    return [...SLACK_FILE_HOSTS];
  }
}
