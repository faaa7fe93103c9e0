import { AccessPolicy } from "../app/access/access-policy.js";
import { ChatService } from "../app/chat-service.js";
import type { RenderContext } from "../app/render.js";
import { UsageLedger } from "../app/usage/usage-ledger.js";
import type { CommandDefinition } from "../command-kit/definition.js";
import { loadCommands } from "../command-kit/loader.js";
import type { Config } from "../config/index.js";
import { VsEngine } from "../engine/engine.js";
import type { Clock, Logger, ModelClient, RandomSource, StateStore } from "../engine/ports.js";
import { createSeededRandom, mathRandom } from "../engine/random.js";
import { createLogger } from "../logger.js";
import { type CallScopes, createCallScopes } from "../model/call-scope.js";
import { createDemoModel, DEMO_NOTICE } from "../model/demo-model.js";
import { createOpenAIModel } from "../model/openai-model.js";
import { createScopedModel } from "../model/scoped-model.js";
import { type Metrics, noMetrics } from "../observability/metrics.js";
import type { PrometheusMetrics } from "../observability/prometheus-metrics.js";
import { createStateStore } from "../store/create-store.js";
import { createRandomId, systemClock } from "./system.js";

/** Everything a platform adapter needs, wired from the config. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: StateStore;
  /** The client the engine calls: it routes each call to the model chosen where it was asked. */
  readonly model: ModelClient;
  /** One client per model name (VSBOT_MODELS), the default first. */
  readonly models: ReadonlyMap<string, ModelClient>;
  readonly engine: VsEngine;
  readonly chat: ChatService;
  readonly commands: readonly CommandDefinition[];
  /** True when the offline demo model answers. */
  readonly demo: boolean;
  readonly metrics: Metrics;
  /** Set when VSBOT_METRICS_PORT is: the registry /metrics serves. */
  readonly prometheus: PrometheusMetrics | undefined;
  readonly scopes: CallScopes;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readonly logger?: Logger;
  readonly random?: RandomSource;
  readonly clock?: Clock;
  readonly model?: ModelClient;
  readonly store?: StateStore;
  /** Metrics to report to; a Prometheus registry when VSBOT_METRICS_PORT is set, else none. */
  readonly metrics?: Metrics;
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

const DEMO_MODEL = "demo";

/** The default chat model the config names: the OpenAI-compatible server, or the offline demo. */
export function createModel(
  config: Config,
  logger: Logger,
  random: RandomSource,
  clock: Clock,
): ModelClient {
  const [first] = createModels(config, logger, random, clock).values();
  if (!first) throw new Error("the configuration names no model");
  return first;
}

/** One client per model name a channel may choose: each keeps what its server accepts. */
function createModels(
  config: Config,
  logger: Logger,
  random: RandomSource,
  clock: Clock,
): Map<string, ModelClient> {
  if (config.model.kind === "demo") {
    const demo = createDemoModel({ random, latencyMs: config.model.latencyMs, clock });
    return new Map([[DEMO_MODEL, demo]]);
  }
  const model = config.model;
  return new Map(
    model.models.map(
      (name) => [name, createOpenAIClient(model, name, logger, config.requestTimeoutMs)] as const,
    ),
  );
}

function createOpenAIClient(
  model: Extract<Config["model"], { kind: "openai" }>,
  name: string,
  logger: Logger,
  callDeadlineMs: number,
): ModelClient {
  return createOpenAIModel({
    ...(model.baseURL ? { baseURL: model.baseURL } : {}),
    ...(model.apiKey ? { apiKey: model.apiKey } : {}),
    model: name,
    timeoutMs: model.timeoutMs,
    maxRetries: model.maxRetries,
    structuredOutput: model.structuredOutput,
    samplingParams: model.samplingParams,
    ...(model.maxTokens ? { maxTokens: model.maxTokens } : {}),
    callDeadlineMs,
    logger,
  });
}

/** How long closing waits for the last usage records to be written. */
const USAGE_SETTLE_MS = 2000;

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
  const models: Map<string, ModelClient> = overrides.model
    ? new Map([[config.model.kind === "openai" ? config.model.model : DEMO_MODEL, overrides.model]])
    : createModels(config, logger, random, clock);
  const defaultModel = [...models.keys()][0] ?? DEMO_MODEL;
  const prometheus =
    overrides.metrics === undefined && config.metricsPort !== undefined
      ? new (await import("../observability/prometheus-metrics.js")).PrometheusMetrics()
      : undefined;
  const metrics = overrides.metrics ?? prometheus ?? noMetrics;
  const scopes = createCallScopes();
  const model = createScopedModel({ clients: models, defaultModel, scopes, metrics });
  const store =
    overrides.store ??
    (await createStateStore(config.store.url, { logger, namespace: config.store.namespace }));
  const demo = config.model.kind === "demo" && overrides.model === undefined;
  const modelTimeout = config.model.kind === "openai" ? config.model.timeoutMs : 30_000;
  const retries = config.model.kind === "openai" ? config.model.maxRetries : 0;
  // Long enough for one call with all its retries, and never past the request deadline.
  const callBoundMs = Math.min(modelTimeout * (retries + 1), config.requestTimeoutMs) + 5000;
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
    refillLeaseMs: callBoundMs,
    duplicateThreshold: config.sampling.duplicateThreshold,
  });
  const render: RenderContext = {
    store: store.kind,
    model: demo ? "offline demo" : model.description,
    maxAnswerChars: config.maxAnswerChars,
    ...(demo ? { demoNotice: DEMO_NOTICE } : {}),
  };
  const usage = new UsageLedger({
    store,
    clock,
    dailyBudget: config.dailyTokenBudget,
    // A request repaired once makes two calls.
    holdMs: callBoundMs * 2,
    createId: createRandomId,
  });
  const chat = new ChatService({
    engine,
    store,
    random,
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
    scenes: config.scenes,
    chatTokenBudget: config.chatTokenBudget,
    userRateLimit: config.userRateLimit,
    access: new AccessPolicy(config.access),
    usage,
    scopes,
    metrics,
    models: demo ? [] : [...models.keys()],
    describeModel: (name) => models.get(name)?.description,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  return {
    config,
    logger,
    store,
    model,
    models,
    engine,
    chat,
    commands,
    demo,
    metrics,
    prometheus,
    scopes,
    close: async () => {
      // Unattended scenes stop before the store they write to closes.
      await chat.stopScenes();
      // Usage is written behind the replies: the last of it goes out before the store closes,
      // if the store takes it soon enough (a stop must not wait on a store that is down).
      await usage.settle(USAGE_SETTLE_MS);
      await store.close();
    },
  };
}
