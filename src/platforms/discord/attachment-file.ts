import type { InboundFile } from "../../app/types.js";
import { VsbotError } from "../../engine/errors.js";
import { downloadFile } from "../download-file.js";

/** An attachment as a command interaction's `resolved.attachments` describes it. */
export interface AttachmentInfo {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly content_type?: string | undefined;
}

/** Where Discord serves attachments; the API host (a test's fake) is added by the caller. */
export const DISCORD_FILE_HOSTS: readonly string[] = ["cdn.discordapp.com", "media.discordapp.net"];

/**
 * An attached file, downloaded (once) only when the chat core reads it, and only from
 * Discord's own hosts: an interaction names the URL, and vsbot fetches nothing else.
 */
export function attachmentFile(attachment: AttachmentInfo, hosts: readonly string[]): InboundFile {
  let bytes: Promise<Uint8Array> | undefined;
  return {
    kind: "file",
    name: attachment.filename,
    size: attachment.size,
    ...(attachment.content_type ? { contentType: attachment.content_type } : {}),
    ...(attachment.url.startsWith("https://") ? { publicUrl: attachment.url } : {}),
    read: (maxBytes) => {
      bytes ??= download(attachment, hosts, maxBytes);
      return bytes;
    },
  };
}

async function download(
  attachment: AttachmentInfo,
  hosts: readonly string[],
  maxBytes: number,
): Promise<Uint8Array> {
  let host: string;
  try {
    host = new URL(attachment.url).host;
  } catch {
    host = "";
  }
  if (!hosts.includes(host)) {
    throw new VsbotError("invalid_input", `attachment on an unexpected host: ${host}`, {
      userMessage: "That attachment is not on Discord's servers, so vsbot does not read it.",
    });
  }
  return downloadFile(attachment.url, { what: "the attached file", maxBytes });
}

/** The hosts attachments may come from: Discord's, and the API's own when it is set (tests). */
export function attachmentHosts(apiBaseUrl: string | undefined): string[] {
  if (!apiBaseUrl) return [...DISCORD_FILE_HOSTS];
  try {
    return [...DISCORD_FILE_HOSTS, new URL(apiBaseUrl).host];
  } catch {
    return [...DISCORD_FILE_HOSTS];
  }
}
