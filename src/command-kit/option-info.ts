import { z } from "zod";
import type { OptionsSchema } from "./definition.js";

/** A platform-neutral description of one option, derived from the command's zod schema. */
export interface OptionInfo {
  readonly name: string;
  readonly description: string;
  /** "attachment": a file the person attaches (Discord); text platforms resolve it themselves. */
  readonly type: "string" | "integer" | "number" | "boolean" | "attachment";
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly choices?: readonly string[];
}

interface JsonSchemaNode {
  type?: string;
  format?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
}

function typeOf(node: JsonSchemaNode): OptionInfo["type"] {
  if (node.format === ATTACHMENT_FORMAT) return "attachment";
  const type = node.type ?? node.anyOf?.find((branch) => branch.type)?.type;
  if (type === "integer" || type === "number" || type === "boolean") return type;
  return "string";
}

/** The JSON-schema format `attachedFile` marks its option with. */
export const ATTACHMENT_FORMAT = "vsbot-attachment";

const described = new WeakMap<OptionsSchema, readonly OptionInfo[]>();

/**
 * Reads each option's type, bounds and description from the schema, in declaration order.
 * Cached per schema: it runs on every command, and schemas never change.
 */
export function describeOptions(schema: OptionsSchema): readonly OptionInfo[] {
  const cached = described.get(schema);
  if (cached) return cached;
  const infos = readOptions(schema);
  described.set(schema, infos);
  return infos;
}

function readOptions(schema: OptionsSchema): OptionInfo[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, JsonSchemaNode>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, node]) => {
    const info: {
      -readonly [Key in keyof OptionInfo]: OptionInfo[Key];
    } = {
      name,
      description: node.description ?? "",
      type: typeOf(node),
      required: required.has(name),
    };
    if (node.minLength !== undefined) info.minLength = node.minLength;
    if (node.maxLength !== undefined) info.maxLength = node.maxLength;
    if (node.minimum !== undefined) info.minimum = node.minimum;
    if (node.exclusiveMinimum !== undefined) info.minimum = node.exclusiveMinimum;
    if (node.maximum !== undefined) info.maximum = node.maximum;
    if (node.enum) info.choices = node.enum.map(String);
    return info;
  });
}
