/**
 * The engine's ports: the only ways it reaches the outside world. Adapters in src/model and
 * src/store implement them; tests may pass their own.
 */

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** A JSON schema for structured output, sent where the server supports it. */
export interface ResponseSchema {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * What the engine is asking for, in domain terms. Real model clients ignore it; the offline
 * demo model answers from it, since it cannot read prompts.
 */
export interface RequestIntent {
  readonly task: string;
  readonly subject: string;
  readonly k: number;
  readonly tau: number | null;
  /**
   * Texts of the chain so far (shown, or waiting in the tail) that a new answer must not
   * repeat: all of them, although the prompt itself names them within a fixed budget.
   */
  readonly avoid: readonly string[];
  /** Whether the prompt asks for probabilities. */
  readonly withProbabilities: boolean;
  /** The task's named parts (TaskSpec.facets), e.g. a persona's character and message. */
  readonly facets?: Readonly<Record<string, string>>;
}

export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  /** Ask for this JSON shape as structured output; the client falls back to plain text. */
  readonly responseSchema?: ResponseSchema;
  readonly temperature?: number;
  readonly topP?: number;
  readonly intent?: RequestIntent;
  readonly signal?: AbortSignal;
}

export type FinishReason = "stop" | "length" | "content_filter" | "other";

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ModelResponse {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: TokenUsage | null;
  /** The model that answered, as the server named it. */
  readonly model: string;
  /** True when the server honoured the JSON schema. */
  readonly structured: boolean;
}

/**
 * One chat completion. Implementations retry transient failures themselves and throw
 * VsbotError (codes model_*) for everything else.
 */
export interface ModelClient {
  readonly description: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/** The outcome of an atomic update: the value to store (undefined deletes) and a result. */
export interface Mutation<T, R> {
  readonly value: T | undefined;
  readonly result: R;
}

/**
 * Key-value state with TTLs. `update` is atomic per key across every process that shares the
 * store: no two concurrent updates of one key see the same current value.
 */
export interface StateStore {
  /** A short name for logs and replies, e.g. "memory", "sqlite", "redis". */
  readonly kind: string;
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Reads the key, applies `mutate` and writes the result, all under one lock. `mutate` must
   * be synchronous and free of side effects. When it returns the current value unchanged
   * (same reference), nothing is written.
   */
  update<T, R>(
    key: string,
    mutate: (current: T | undefined) => Mutation<T, R>,
    ttlMs?: number,
  ): Promise<R>;
  close(): Promise<void>;
}

/** Uniform numbers in [0, 1). Seeded in tests. */
export interface RandomSource {
  next(): number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logging. Implementations must never print secrets. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}
