import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Metrics } from "./metrics.js";

/** Seconds: a tail click takes milliseconds, a model call up to a minute or more. */
const DURATION_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The Metrics port over prom-client, in a registry of its own (so tests can make several), with
 * the default process metrics. The names and labels are a contract with dashboards.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #modelCalls: Counter<"method" | "outcome">;
  readonly #modelCallSeconds: Histogram<"method">;
  readonly #answers: Counter<"source">;
  readonly #tokens: Counter<"kind">;
  readonly #errors: Counter<"code">;
  readonly #requests: Histogram<"kind">;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#modelCalls = new Counter({
      name: "vsbot_model_calls_total",
      help: "Requests to the model server, by generation method and outcome (ok or an error code).",
      labelNames: ["method", "outcome"],
      registers,
    });
    this.#modelCallSeconds = new Histogram({
      name: "vsbot_model_call_duration_seconds",
      help: "How long one model call took, retries included, by generation method.",
      labelNames: ["method"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.#answers = new Counter({
      name: "vsbot_answers_total",
      help: "Answers shown, by source: tail (no model call) or model (a new call).",
      labelNames: ["source"],
      registers,
    });
    this.#tokens = new Counter({
      name: "vsbot_model_tokens_total",
      help: "Tokens the model reported, by kind: prompt or completion.",
      labelNames: ["kind"],
      registers,
    });
    this.#errors = new Counter({
      name: "vsbot_errors_total",
      help: "Requests that failed or were refused, by error code.",
      labelNames: ["code"],
      registers,
    });
    this.#requests = new Histogram({
      name: "vsbot_request_duration_seconds",
      help: "How long handling one incoming request took, by kind: command, button or message.",
      labelNames: ["kind"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    // Series that exist from the start, so a dashboard's rate() has a zero to begin from.
    for (const source of ["tail", "model"]) this.#answers.inc({ source }, 0);
    for (const kind of ["prompt", "completion"]) this.#tokens.inc({ kind }, 0);
  }

  modelCall(method: string, outcome: string, seconds: number): void {
    this.#modelCalls.inc({ method, outcome });
    this.#modelCallSeconds.observe({ method }, seconds);
  }

  tokens(kind: "prompt" | "completion", count: number): void {
    if (count > 0) this.#tokens.inc({ kind }, count);
  }

  answer(source: "tail" | "model"): void {
    this.#answers.inc({ source });
  }

  error(code: string): void {
    this.#errors.inc({ code });
  }

  request(kind: string, seconds: number): void {
    this.#requests.observe({ kind }, seconds);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
