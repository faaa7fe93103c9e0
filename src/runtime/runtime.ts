import { ChatService } from "../app/chat-service.js";
import type { RenderContext } from "../app/render.js";
import type { CommandDefinition } from "../command-kit/definition.js";
import { loadCommands } from "../command-kit/loader.js";
import type { Config } from "../config/index.js";
import { VsEngine } from "../engine/engine.js";
import type { Clock, Logger, ModelClient, RandomSource, StateStore } from "../engine/ports.js";
import { createSeededRandom, mathRandom } from "../engine/random.js";
import { createLogger } from "../logger.js";
import { createDemoModel, DEMO_NOTICE } from "../model/demo-model.js";
import { createOpenAIModel } from "../model/openai-model.js";
import { createStateStore } from "../store/create-store.js";
import { createRandomId, systemClock } from "./system.js";

/** Everything a platform adapter needs, wired from the config. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: StateStore;
  readonly model: ModelClient;
  readonly engine: VsEngine;
  readonly chat: ChatService;
  readonly commands: readonly CommandDefinition[];
  /** True when the offline demo model answers. */
  readonly demo: boolean;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readonly logger?: Logger;
  readonly random?: RandomSource;
  readonly clock?: Clock;
  readonly model?: ModelClient;
  readonly store?: StateStore;
}

function storePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Every secret value in the config, for the logger to scrub. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [
    config.model.kind === "openai" ? config.model.apiKey : undefined,
    storePassword(config.store.url),
    config.discord?.token,
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
  ];
}

export function createModel(
  config: Config,
  logger: Logger,
  random: RandomSource,
  clock: Clock,
): ModelClient {
  if (config.model.kind === "demo") {
    return createDemoModel({ random, latencyMs: config.model.latencyMs, clock });
  }
  const model = config.model;
  return createOpenAIModel({
    ...(model.baseURL ? { baseURL: model.baseURL } : {}),
    ...(model.apiKey ? { apiKey: model.apiKey } : {}),
    model: model.model,
    timeoutMs: model.timeoutMs,
    maxRetries: model.maxRetries,
    structuredOutput: model.structuredOutput,
    samplingParams: model.samplingParams,
    ...(model.maxTokens ? { maxTokens: model.maxTokens } : {}),
    logger,
  });
}

/** Builds the engine, store, model and chat core; the caller owns `close()`. */
export async function createRuntime(
  config: Config,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const logger =
    overrides.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const clock = overrides.clock ?? systemClock;
  const seed = config.sampling.seed;
  const random = overrides.random ?? (seed === undefined ? mathRandom : createSeededRandom(seed));
  const commands = await loadCommands();
  const model = overrides.model ?? createModel(config, logger, random, clock);
  const store = overrides.store ?? (await createStateStore(config.store.url, { logger }));
  const demo = config.model.kind === "demo" && overrides.model === undefined;
  const modelTimeout = config.model.kind === "openai" ? config.model.timeoutMs : 30_000;
  const retries = config.model.kind === "openai" ? config.model.maxRetries : 0;
  const engine = new VsEngine({
    model,
    store,
    random,
    clock,
    logger,
    createId: createRandomId,
    weights: { mode: config.sampling.weights, temperature: config.sampling.weightTemperature },
    decoding: { temperature: config.sampling.temperature, topP: config.sampling.topP },
    tailTtlMs: config.store.tailTtlMs,
    // Long enough for one call with all its retries. Should a slow repair outlast it, a second
    // click may also call for more: wasteful, but its repeats are filtered, so still correct.
    refillLeaseMs: modelTimeout * (retries + 1) + 5000,
    duplicateThreshold: config.sampling.duplicateThreshold,
  });
  const render: RenderContext = {
    store: store.kind,
    model: demo ? "offline demo" : model.description,
    ...(demo ? { demoNotice: DEMO_NOTICE } : {}),
  };
  const chat = new ChatService({
    engine,
    store,
    commands,
    defaults: {
      method: config.sampling.method,
      k: config.sampling.k,
      tau: config.sampling.tau,
      wording: config.sampling.wording,
    },
    render,
    logger,
    clock,
    personaTtlMs: config.store.personaTtlMs,
    personaTokenBudget: config.personaTokenBudget,
    userRateLimit: config.userRateLimit,
  });
  return {
    config,
    logger,
    store,
    model,
    engine,
    chat,
    commands,
    demo,
    close: () => store.close(),
  };
}
