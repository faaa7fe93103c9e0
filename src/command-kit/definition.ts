import type { z } from "zod";
import type { TaskSpec } from "../engine/task.js";
import type { Method, ProbabilityWording } from "../engine/types.js";

/** The knobs a channel may set with /vs settings; commands get them resolved. */
export interface SamplingSettings {
  readonly method: Method;
  readonly k: number;
  readonly tau: number;
  readonly wording: ProbabilityWording;
}

// biome-ignore lint/suspicious/noExplicitAny: a command's option shape is its own business.
export type OptionsSchema = z.ZodObject<any>;

export interface ReplyShape<Options> {
  /**
   * "single": one answer per message; "list": a numbered list that grows with each click;
   * "pick": one answer stated as the choice made ("Picked: sushi").
   */
  readonly layout: "single" | "list" | "pick";
  /** How many candidates the first reply shows (and each "more" adds). */
  readonly show: (options: Options) => number;
  readonly moreLabel: string;
}

/** A command answered by one Verbalized Sampling draw: /joke, /story, /poem, /ask, /brainstorm. */
export interface SampleCommand<Schema extends OptionsSchema = OptionsSchema> {
  readonly kind: "sample";
  readonly name: string;
  readonly description: string;
  readonly options: Schema;
  /** The option that takes free text where a platform has no option fields (Slack, console). */
  readonly primary?: keyof z.output<Schema> & string;
  /** The command's own defaults (e.g. /ask asks for 10); a channel's explicit settings win. */
  readonly defaults?: Partial<SamplingSettings>;
  readonly task: (options: z.output<Schema>, settings: SamplingSettings) => TaskSpec;
  readonly reply: ReplyShape<z.output<Schema>>;
}

export interface Subcommand<Schema extends OptionsSchema = OptionsSchema> {
  readonly description: string;
  readonly options: Schema;
  readonly primary?: string;
}

/** A persona in a channel or thread: every message there gets one in-character VS sample. */
export interface PersonaTurnInput {
  readonly name: string;
  readonly description: string;
  /** The conversation so far, oldest first, already trimmed to the token budget. */
  readonly transcript: readonly { readonly speaker: string; readonly text: string }[];
  readonly message: { readonly speaker: string; readonly text: string };
  /** For a persona imported from a character card: the card's own prompt parts. */
  readonly card?: {
    /** The card's system prompt, names substituted; "" keeps the command's own. */
    readonly systemPrompt: string;
    /** Said after the conversation, names substituted; "" when the card has none. */
    readonly postHistoryInstructions: string;
    /** Lore entries chosen for this turn, before and after the character's definition. */
    readonly loreBefore: string;
    readonly loreAfter: string;
  };
}

/** The persona command's subcommands, each handled by the chat core. */
export const PERSONA_SUBCOMMANDS = [
  "start",
  "import",
  "export",
  "end",
  "show",
  "memory",
  "forget",
  "reset",
  "talkativeness",
  "scene",
] as const;
export type PersonaSubcommand = (typeof PERSONA_SUBCOMMANDS)[number];

/** One line of a scene: several personas, one model call choosing who speaks and what. */
export interface SceneLineInput {
  /** Everyone in the scene: the name each line is spoken under, and who they are. */
  readonly cast: readonly { readonly name: string; readonly description: string }[];
  /** The scene so far (and the conversation before it), oldest first, within the budget. */
  readonly transcript: readonly { readonly speaker: string; readonly text: string }[];
  /** What the scene is about, when its starter said. */
  readonly topic?: string;
}

export interface PersonaCommand {
  readonly kind: "persona";
  readonly name: string;
  readonly description: string;
  readonly subcommands: Readonly<Record<PersonaSubcommand, Subcommand>>;
  readonly defaults?: Partial<SamplingSettings>;
  /** The engine task for one persona turn. */
  readonly turn: (input: PersonaTurnInput, settings: SamplingSettings) => TaskSpec;
  /** The engine task for a scene's next line; it must set `speakers` to the cast's names. */
  readonly sceneLine?: (input: SceneLineInput, settings: SamplingSettings) => TaskSpec;
}

export interface SettingsCommand {
  readonly kind: "settings";
  readonly name: string;
  readonly description: string;
  /** `settings` shows and changes them; `usage`, when defined, shows what the server spent. */
  readonly subcommands: Readonly<Record<"settings", Subcommand>> &
    Readonly<Partial<Record<"usage", Subcommand>>>;
}

export type CommandDefinition = SampleCommand | PersonaCommand | SettingsCommand;

/** Keeps a command's option types while it is written; erased once loaded. */
export function defineSampleCommand<Schema extends OptionsSchema>(
  definition: Omit<SampleCommand<Schema>, "kind">,
): SampleCommand {
  return { kind: "sample", ...definition } as unknown as SampleCommand;
}

export function definePersonaCommand(definition: Omit<PersonaCommand, "kind">): PersonaCommand {
  return { kind: "persona", ...definition };
}

export function defineSettingsCommand(definition: Omit<SettingsCommand, "kind">): SettingsCommand {
  return { kind: "settings", ...definition };
}
