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

/**
 * Stands in for commands/pick.ts until that command exists: the same kind of request, a fair
 * pick named plainly. Once the command is there, its own task is used instead.
 */
function fallbackPick(seed: PromptSeed, settings: PromptSettings) {
  return (method: Method): TaskSpec => ({
    task: "pick",
    instruction: `Pick ${seed.text}.`,
    subject: seed.text,
    guidance:
      "You make random picks, as a fair draw would. Each response is one pick, named plainly, with no explanation.",
    ...settings,
    method,
  });
}

function prompted(spec: (method: Method) => TaskSpec, seed: PromptSeed): EvalPrompt {
  return {
    prompt: spec("vs-standard").instruction,
    ...(seed.options ? { options: seed.options } : {}),
    spec,
  };
}

/**
 * The built-in prompts of a task, asked the way the chat command of that name asks them (its
 * TaskSpec, from commands/), so the evaluation measures what users of the bot get.
 */
export function commandPrompts(
  task: string,
  seeds: readonly PromptSeed[],
  commands: readonly CommandDefinition[],
  settings: PromptSettings,
): EvalPrompt[] {
  const command = commands.find(
    (candidate): candidate is SampleCommand =>
      candidate.kind === "sample" && candidate.name === task,
  );
  if (!command && task !== "pick") {
    throw new VsbotError("invalid_input", `no sample command /${task} in commands/`, {
      userMessage: `There is no /${task} command to evaluate.`,
    });
  }
  return seeds.map((seed) =>
    prompted(command ? fromCommand(command, seed, settings) : fallbackPick(seed, settings), seed),
  );
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
