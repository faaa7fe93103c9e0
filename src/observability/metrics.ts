/**
 * What the app and the model adapter report, as a small port: the Prometheus adapter in
 * prometheus-metrics.ts implements it, and `noMetrics` stands in when nothing is scraped.
 * Counters are per process.
 */
export interface Metrics {
  /** One model call (a request to the model server, retries inside it included). */
  modelCall(method: string, outcome: string, seconds: number): void;
  /** Tokens the model reported for a call. */
  tokens(kind: "prompt" | "completion", count: number): void;
  /** One answer shown: from the stored tail, or from a new model call. */
  answer(source: "tail" | "model"): void;
  /** One failed request, by its VsbotError code. */
  error(code: string): void;
  /** How long one incoming request took, by kind (command, button, message). */
  request(kind: string, seconds: number): void;
}

export const noMetrics: Metrics = {
  modelCall: () => {},
  tokens: () => {},
  answer: () => {},
  error: () => {},
  request: () => {},
};
