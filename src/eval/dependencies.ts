import type { CommandDefinition } from "../command-kit/definition.js";
import { VsbotError } from "../engine/errors.js";
import type { Clock, Logger, ModelClient } from "../engine/ports.js";
import type { ProbabilityWording } from "../engine/types.js";
import type { Embedder, Progress } from "./ports.js";

/** The configured model server, when there is one. */
export interface ModelAccess {
  readonly model: ModelClient;
  /** Null where the server has no embeddings (the offline demo model). */
  readonly embedder: Embedder | null;
  /** True for the offline demo model, which can neither embed nor judge. */
  readonly demo: boolean;
  readonly embeddingModel: string;
  readonly sampling: {
    readonly k: number;
    readonly tau: number;
    readonly wording: ProbabilityWording;
    readonly temperature: number;
    readonly topP: number;
  };
}

export interface EvalDependencies {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress: Progress;
  /** Connects to the configured model; called only when the run needs a model. */
  readonly connect: () => Promise<ModelAccess>;
  readonly loadCommands: () => Promise<readonly CommandDefinition[]>;
  /** A line for the user on stderr: the estimate, notices. */
  readonly notice: (line: string) => void;
}

/** A bad request from the command line or its files, with the message to show. */
export function invalidRequest(message: string): VsbotError {
  return new VsbotError("invalid_input", message, { userMessage: message });
}
