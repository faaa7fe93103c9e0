import { ApplicationCommandOptionType, ApplicationCommandType, ComponentType } from "discord.js";
import { parseSwipeId } from "../../app/personas/swipe-buttons.js";
import type { Inbound, InboundFile } from "../../app/types.js";
import type { CommandDefinition } from "../../command-kit/definition.js";
import { type AttachmentInfo, attachmentFile, DISCORD_FILE_HOSTS } from "./attachment-file.js";
import type { CommandOption, InteractionPayload, ValueOption } from "./interaction-payload.js";
import { interactionOrigin, type ManageScope } from "./origin.js";

/** What one interaction asks of the chat core, and how its first response must look. */
export interface InteractionRequest {
  readonly inbound: Inbound;
  /** Known before the chat core runs, so the deferral already has the right visibility. */
  readonly ephemeral: boolean;
  /**
   * Set for /persona start and import: the persona gets a thread of this name (for an
   * import, "" until the card is read).
   */
  readonly personaName?: string;
  /** A button that edits its own message (a swipe): deferred as an update, nothing new posted. */
  readonly updatesMessage?: boolean;
}

type OptionValues = Record<string, string | number | boolean | InboundFile>;
type Attachments = Readonly<Record<string, AttachmentInfo>>;

function optionValues(
  options: readonly (CommandOption | ValueOption)[] | undefined,
  files: (id: string) => InboundFile | undefined,
): OptionValues {
  // No prototype: an option named __proto__ or constructor is just an unknown option.
  const values: OptionValues = Object.create(null) as OptionValues;
  for (const option of options ?? []) {
    if (!("value" in option) || option.value === undefined) continue;
    const file =
      option.type === ApplicationCommandOptionType.Attachment
        ? files(String(option.value))
        : undefined;
    values[option.name] = file ?? option.value;
  }
  return { ...values };
}

/** Subcommand and option values of a slash command, whichever shape Discord sent. */
function commandParts(
  options: readonly CommandOption[] | undefined,
  files: (id: string) => InboundFile | undefined,
): {
  subcommand?: string;
  values: OptionValues;
} {
  const first = options?.[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand && "options" in first) {
    return { subcommand: first.name, values: optionValues(first.options, files) };
  }
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup && "options" in first) {
    const nested = first.options?.[0];
    return nested
      ? { subcommand: nested.name, values: optionValues(nested.options, files) }
      : { values: {} };
  }
  return { values: optionValues(options, files) };
}

/** Persona subcommands answered only to the person who asked. */
const PRIVATE_PERSONA_SUBCOMMANDS: ReadonlySet<string> = new Set(["show", "memory", "export"]);

/** /vs settings with nothing to change only shows the settings: a private answer. */
function changesSettings(values: OptionValues): boolean {
  return Object.entries(values).some(
    ([name, value]) => name !== "scope" && !(name === "reset" && value === false),
  );
}

function personaName(values: OptionValues): string {
  const name = typeof values.name === "string" ? values.name.trim() : "";
  return name.length > 0 ? name.slice(0, 100) : "Persona";
}

/** Reads a slash command or a button click; null for interactions vsbot does not handle. */
export function readInteraction(
  interaction: InteractionPayload,
  commands: readonly CommandDefinition[],
  fileHosts: readonly string[] = DISCORD_FILE_HOSTS,
): InteractionRequest | null {
  if (interaction.type === 3) {
    if (interaction.data.component_type !== ComponentType.Button) return null;
    const id = interaction.data.custom_id;
    return {
      inbound: { type: "button", origin: interactionOrigin(interaction, "channel"), id },
      ephemeral: id.startsWith("vs:all:"),
      ...(parseSwipeId(id) ? { updatesMessage: true } : {}),
    };
  }
  if (interaction.data.type !== ApplicationCommandType.ChatInput) return null;
  const { name } = interaction.data;
  const attachments: Attachments = interaction.data.resolved?.attachments ?? {};
  const files = (id: string) => {
    const found = Object.hasOwn(attachments, id) ? attachments[id] : undefined;
    return found ? attachmentFile(found, fileHosts) : undefined;
  };
  const { subcommand, values } = commandParts(interaction.data.options, files);
  const kind = commands.find((command) => command.name === name)?.kind;
  const scope: ManageScope = values.scope === "server" ? "server" : "channel";
  const inbound: Inbound = {
    type: "command",
    origin: interactionOrigin(interaction, scope),
    name,
    ...(subcommand === undefined ? {} : { subcommand }),
    options: values,
  };
  const ephemeral =
    (kind === "persona" &&
      subcommand !== undefined &&
      PRIVATE_PERSONA_SUBCOMMANDS.has(subcommand)) ||
    (kind === "settings" && !changesSettings(values));
  const starting = kind === "persona" && subcommand === "start";
  const importing = kind === "persona" && subcommand === "import";
  return {
    inbound,
    ephemeral,
    ...(starting ? { personaName: personaName(values) } : {}),
    ...(importing ? { personaName: "" } : {}),
  };
}
