import type { APIActionRowComponent, APIButtonComponentWithCustomId } from "discord.js";
import type { Button, Reply } from "../../app/types.js";
import { type DiscordMessage, EPHEMERAL, NO_MENTIONS } from "./discord-message.js";
import { defuseMaskedLinks } from "./masked-links.js";
import { MESSAGE_LIMIT, splitMessage } from "./split-message.js";

const BUTTONS_PER_ROW = 5;
const ROWS_PER_MESSAGE = 5;
const LABEL_LIMIT = 80;
const CUSTOM_ID_LIMIT = 100;

/** The footer as Discord subtext (`-# `), one line each. */
function subtext(footer: string): string {
  return footer
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => `-# ${line}`)
    .join("\n");
}

function buttonComponent(button: Button): APIButtonComponentWithCustomId {
  return {
    type: 2,
    style: button.style === "primary" ? 1 : 2,
    label: button.label.slice(0, LABEL_LIMIT),
    custom_id: button.id,
  };
}

export function actionRows(
  buttons: readonly Button[],
): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const usable = buttons.filter(
    (button) => button.id.length > 0 && button.id.length <= CUSTOM_ID_LIMIT,
  );
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (
    let start = 0;
    start < usable.length && rows.length < ROWS_PER_MESSAGE;
    start += BUTTONS_PER_ROW
  ) {
    rows.push({
      type: 1,
      components: usable.slice(start, start + BUTTONS_PER_ROW).map(buttonComponent),
    });
  }
  return rows;
}

/**
 * A Reply as one or more Discord messages: body, then the footer as subtext, split to fit the
 * 2000-character limit. Buttons go on the last part.
 */
export function renderReply(
  reply: Reply,
  options: { readonly ephemeral?: boolean } = {},
): DiscordMessage[] {
  const footer = reply.footer ? subtext(reply.footer) : "";
  const body = defuseMaskedLinks(reply.body.trimEnd());
  const text = [body, footer].filter((piece) => piece.length > 0).join("\n");
  const parts = splitMessage(text.length > 0 ? text : "(empty reply)", MESSAGE_LIMIT);
  const rows = actionRows(reply.buttons);
  const files = reply.file
    ? [
        {
          name: reply.file.name,
          data: Buffer.from(reply.file.text, "utf8"),
          contentType: reply.file.contentType,
        },
      ]
    : undefined;
  return parts.map((content, index) => ({
    content,
    components: index === parts.length - 1 ? rows : [],
    allowed_mentions: NO_MENTIONS,
    ...(options.ephemeral ? { flags: EPHEMERAL } : {}),
    ...(files && index === parts.length - 1 ? { files } : {}),
  }));
}

/** A plain notice (errors, pointers to a thread), split like any other text. */
export function renderNotice(
  text: string,
  options: { readonly ephemeral?: boolean } = {},
): DiscordMessage[] {
  return splitMessage(text, MESSAGE_LIMIT).map((content) => ({
    content,
    components: [],
    allowed_mentions: NO_MENTIONS,
    ...(options.ephemeral ? { flags: EPHEMERAL } : {}),
  }));
}
