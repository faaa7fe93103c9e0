import type { types as slackTypes } from "@slack/bolt";
import type { Reply } from "../../app/types.js";
import { actionIdFor } from "./action-ids.js";
import { clipText } from "./escape.js";
import {
  ACTION_ID_LIMIT,
  BLOCKS_PER_MESSAGE,
  BUTTON_TEXT_LIMIT,
  BUTTON_VALUE_LIMIT,
  CONTEXT_TEXT_LIMIT,
  FALLBACK_TEXT_LIMIT,
  MESSAGE_TEXT_BUDGET,
  SECTION_TEXT_LIMIT,
} from "./limits.js";
import { toMrkdwn } from "./mrkdwn.js";
import { splitText } from "./split-text.js";

export type SlackBlock = slackTypes.KnownBlock;

/** One Slack message: blocks, and the escaped fallback text used for notifications. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

export interface SlackButton {
  readonly actionId: string;
  readonly label: string;
  readonly value: string;
  readonly style?: "primary" | "danger";
}

export interface RenderOptions {
  /** A context line above the reply, in mrkdwn the caller has already made safe. */
  readonly preface?: string;
  /** Replaces the reply's own buttons. */
  readonly buttons?: readonly SlackButton[];
  /** Safe mrkdwn that leads the body (a persona's name where Slack refuses a custom one). */
  readonly speaker?: string;
}

/** Blocks each message keeps free for the preface, the footer and the buttons. */
const RESERVED_BLOCKS = 3;

/**
 * A reply as Slack messages: the body in mrkdwn sections of at most 3000 characters, the footer
 * in a context line, the buttons in an actions block. A body too long for one message goes on
 * in the next; the footer and buttons follow the last part.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const body = `${options.speaker ?? ""}${toMrkdwn(reply.body.trim()) || "_(nothing to show)_"}`;
  const parts = groupSections(splitText(body, SECTION_TEXT_LIMIT));
  const buttons = options.buttons ?? slackButtons(reply);
  return parts.map((sections, index) => {
    const blocks: SlackBlock[] = [];
    if (index === 0 && options.preface) blocks.push(contextBlock(options.preface));
    for (const text of sections) blocks.push({ type: "section", text: { type: "mrkdwn", text } });
    const last = index === parts.length - 1;
    if (last && reply.footer) blocks.push(contextBlock(toMrkdwn(reply.footer)));
    if (last && buttons.length > 0) blocks.push(actionsBlock(buttons));
    const text =
      index === 0
        ? `${options.speaker ?? ""}${toMrkdwn(clipText(reply.body.trim(), FALLBACK_TEXT_LIMIT))}`
        : `(part ${index + 1} of ${parts.length})`;
    return { text: text || "vsbot", blocks };
  });
}

/** A short message of vsbot's own words (already safe mrkdwn), e.g. an error or a notice. */
export function renderNotice(mrkdwn: string): SlackMessage {
  return {
    text: mrkdwn,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: mrkdwn } }],
  };
}

function slackButtons(reply: Reply): SlackButton[] {
  return reply.buttons.map((button, index) => ({
    actionId: actionIdFor(button.id, index),
    label: button.label,
    value: button.id,
    ...(button.style === "primary" ? { style: "primary" as const } : {}),
  }));
}

function groupSections(sections: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const section of sections) {
    const full =
      current.length >= BLOCKS_PER_MESSAGE - RESERVED_BLOCKS ||
      length + section.length > MESSAGE_TEXT_BUDGET;
    if (current.length > 0 && full) {
      groups.push(current);
      current = [];
      length = 0;
    }
    current.push(section);
    length += section.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function contextBlock(mrkdwn: string): SlackBlock {
  const text =
    mrkdwn.length > CONTEXT_TEXT_LIMIT ? (splitText(mrkdwn, CONTEXT_TEXT_LIMIT)[0] ?? "") : mrkdwn;
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

function actionsBlock(buttons: readonly SlackButton[]): SlackBlock {
  return {
    type: "actions",
    elements: buttons.map((button) => ({
      type: "button",
      action_id: button.actionId.slice(0, ACTION_ID_LIMIT),
      text: { type: "plain_text", text: clipText(button.label, BUTTON_TEXT_LIMIT), emoji: true },
      value: button.value.slice(0, BUTTON_VALUE_LIMIT),
      ...(button.style ? { style: button.style } : {}),
    })),
  };
}
