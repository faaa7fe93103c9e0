import { readOptions } from "../app/read-options.js";
import type { CommandDefinition, SampleCommand } from "../command-kit/definition.js";
import { VsbotError } from "../engine/errors.js";
import type { TaskSpec } from "../engine/task.js";
import type { Method, ProbabilityWording } from "../engine/types.js";
import type { PromptSeed } from "./prompt-sets.js";

/** One prompt of an evaluation, ready to be asked with any method. */
export interface EvalPrompt {
  /** The request as sent to the model (the task's instruction): what results group by. */
  readonly prompt: string;
  readonly options?: readonly string[];
  readonly spec: (method: Method) => TaskSpec;
}

/** The sampling settings every prompt of one run shares. */
export interface PromptSettings {
  readonly k: number;
  readonly tau: number;
  readonly wording: ProbabilityWording;
}

/** The sampling settings of one run: the configuration's, and the ones given on the command line. */
export interface RunSettings {
  readonly configured: PromptSettings;
  /** `--k`: wins over a command's own default, as a channel's setting does in the bot. */
  readonly k: number | undefined;
}

/**
 * The settings a command's requests are made with, in the bot's order of precedence: the
 * configuration, then the command's own defaults (/ask and /pick ask for 10), then what the
 * run was told (`--k`). The method is the run's, per label.
 */
export function commandSettings(command: SampleCommand, settings: RunSettings): PromptSettings {
  const { method: _method, ...defaults } = command.defaults ?? {};
  return {
    ...settings.configured,
    ...defaults,
    ...(settings.k === undefined ? {} : { k: settings.k }),
  };
}

function fromCommand(command: SampleCommand, seed: PromptSeed, settings: PromptSettings) {
  const given = command.primary ? { [command.primary]: seed.text } : {};
  const options = readOptions(
    { options: given },
    command.options,
    command.primary,
    `/${command.name}`,
  );
  return (method: Method): TaskSpec => command.task(options, { ...settings, method });
}

function prompted(spec: (method: Method) => TaskSpec, seed: PromptSeed): EvalPrompt {
  return {
    prompt: spec("vs-standard").instruction,
    ...(seed.options ? { options: seed.options } : {}),
    spec,
  };
}

/** The sample command of that name in commands/, or a clear refusal. */
export function sampleCommand(task: string, commands: readonly CommandDefinition[]): SampleCommand {
  const command = commands.find(
    (candidate): candidate is SampleCommand =>
      candidate.kind === "sample" && candidate.name === task,
  );
  if (!command) {
    throw new VsbotError("invalid_input", `no sample command /${task} in commands/`, {
      userMessage: `There is no /${task} command to evaluate.`,
    });
  }
  return command;
}

/**
 * The built-in prompts of a task, asked the way the chat command of that name asks them (its
 * TaskSpec, from commands/, with its own defaults), so the evaluation measures what users of
 * the bot get.
 */
export function commandPrompts(
  command: SampleCommand,
  seeds: readonly PromptSeed[],
  settings: PromptSettings,
): EvalPrompt[] {
  return seeds.map((seed) => prompted(fromCommand(command, seed, settings), seed));
}

/** Prompts from a file: each one the whole request, with no command's guidance around it. */
export function plainPrompts(seeds: readonly PromptSeed[], settings: PromptSettings): EvalPrompt[] {
  return seeds.map((seed) =>
    prompted(
      (method) => ({
        task: "prompt",
        instruction: seed.text,
        subject: seed.text.slice(0, 100),
        ...settings,
        method,
      }),
      seed,
    ),
  );
}
