import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, OptionsSchema } from "../../command-kit/definition.js";
import { describeOptions, type OptionInfo } from "../../command-kit/option-info.js";

const DESCRIPTION_LIMIT = 100;
const CHOICE_LIMIT = 25;
const STRING_LENGTH_LIMIT = 6000;
const NAME_PATTERN = /^[-_\p{Ll}\p{N}]{1,32}$/u;

const OPTION_TYPES: Record<OptionInfo["type"], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  attachment: ApplicationCommandOptionType.Attachment,
};

/** Discord wants 1-100 characters; longer descriptions are cut with an ellipsis. */
export function fitDescription(text: string, fallback: string): string {
  const trimmed = text.trim() || fallback;
  return trimmed.length <= DESCRIPTION_LIMIT
    ? trimmed
    : `${trimmed.slice(0, DESCRIPTION_LIMIT - 1).trimEnd()}…`;
}

function checkName(name: string, what: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `${what} "${name}" cannot be registered with Discord: names are 1-32 lower-case letters, digits, - or _.`,
    );
  }
  return name;
}

function bounds(info: OptionInfo): Record<string, number> {
  if (info.type === "string") {
    return {
      ...(info.minLength !== undefined
        ? { min_length: Math.min(info.minLength, STRING_LENGTH_LIMIT) }
        : {}),
      ...(info.maxLength !== undefined
        ? { max_length: Math.min(info.maxLength, STRING_LENGTH_LIMIT) }
        : {}),
    };
  }
  if (info.type === "integer" || info.type === "number") {
    return {
      ...(info.minimum !== undefined ? { min_value: info.minimum } : {}),
      ...(info.maximum !== undefined ? { max_value: info.maximum } : {}),
    };
  }
  return {};
}

function choices(info: OptionInfo): Record<string, unknown> {
  if (!info.choices || info.choices.length === 0 || info.choices.length > CHOICE_LIMIT) return {};
  if (info.type !== "string") return {};
  return { choices: info.choices.map((choice) => ({ name: choice, value: choice })) };
}

/** Options from a zod schema, required ones first as Discord requires, else in declared order. */
export function commandOptions(
  schema: OptionsSchema,
  command: string,
): APIApplicationCommandBasicOption[] {
  const infos = describeOptions(schema);
  const ordered = [
    ...infos.filter((info) => info.required),
    ...infos.filter((info) => !info.required),
  ];
  return ordered.map(
    (info) =>
      ({
        type: OPTION_TYPES[info.type],
        name: checkName(info.name, `Option of /${command}`),
        description: fitDescription(info.description, info.name),
        required: info.required,
        ...bounds(info),
        ...choices(info),
      }) as APIApplicationCommandBasicOption,
  );
}

function subcommandOptions(
  definition: Exclude<CommandDefinition, { kind: "sample" }>,
): APIApplicationCommandSubcommandOption[] {
  return Object.entries(definition.subcommands).map(([name, subcommand]) => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: checkName(name, `Subcommand of /${definition.name}`),
    description: fitDescription(subcommand.description, name),
    options: commandOptions(subcommand.options, `${definition.name} ${name}`),
  }));
}

/**
 * The bulk-overwrite body for every command: sample commands take their options directly,
 * persona and settings commands take subcommands.
 */
export function buildCommandPayloads(
  commands: readonly CommandDefinition[],
): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((definition) => ({
    type: ApplicationCommandType.ChatInput,
    name: checkName(definition.name, "Command"),
    description: fitDescription(definition.description, definition.name),
    options:
      definition.kind === "sample"
        ? commandOptions(definition.options, definition.name)
        : subcommandOptions(definition),
  }));
}
